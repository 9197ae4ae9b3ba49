using ImageClone.Tests.Support;

namespace ImageClone.Tests.Faults;

/// <summary>
/// Registry faults between the operator and both registries: every image is still mirrored, whole, and no workload
/// is ever rewritten to a copy the target does not hold intact.
/// </summary>
[TestFixture]
internal sealed class RegistryFaultTests : ProxiedClusterTest
{
    [Test]
    public async Task Operator_SourceResetsConnectionsInTheMiddleOfBlobs_MirrorsEveryImageIntact()
    {
        Proxies.Source.AddFault(FaultRule.OnBlobs(Fault.ResetAfter(1000), times: 4));

        await ConvergeAndVerifyAsync("reset-a", "reset-b", "reset-c");

        Proxies.Source.Requests.Count(r => r.Fault == FaultKind.ResetAfter).Should().Be(4);
    }

    [Test]
    public async Task Operator_BurstsOf500And503FromBothRegistries_MirrorsEveryImageIntact()
    {
        Proxies.Source.AddFault(FaultRule.OnManifests(Fault.Answer(500), times: 3));
        Proxies.Source.AddFault(FaultRule.OnBlobs(Fault.Answer(503), times: 3));
        Proxies.Target.AddFault(FaultRule.OnUploads(Fault.Answer(503), times: 3));
        Proxies.Target.AddFault(FaultRule.OnManifests(Fault.Answer(500), times: 2, method: "PUT"));

        await ConvergeAndVerifyAsync("burst-a", "burst-b", "burst-c");

        Proxies.Source.Requests.Count(r => r.Fault == FaultKind.Answer).Should().Be(6);
        Proxies.Target.Requests.Count(r => r.Fault == FaultKind.Answer).Should().Be(5);
    }

    [Test]
    public async Task Operator_TooManyRequestsWithRetryAfter_MirrorsEveryImageIntact()
    {
        Proxies.Source.AddFault(FaultRule.OnBlobs(Fault.Answer(429, TimeSpan.FromSeconds(1)), times: 2));
        Proxies.Target.AddFault(FaultRule.OnManifests(Fault.Answer(429, TimeSpan.FromSeconds(1)), times: 2, method: "HEAD"));

        await ConvergeAndVerifyAsync("limited-a", "limited-b");

        Proxies.Source.Requests.Count(r => r.Status == 429).Should().Be(2);
        Proxies.Target.Requests.Count(r => r.Status == 429).Should().Be(2);
    }

    [Test]
    public async Task Operator_SourceStallsABlobResponse_GivesUpOnItAndMirrorsEveryImageIntact()
    {
        // longer than the harness's 10 s request timeout: the stalled request is abandoned and retried
        Proxies.Source.AddFault(FaultRule.OnBlobs(Fault.Stall(TimeSpan.FromSeconds(30)), times: 1));

        await ConvergeAndVerifyAsync(TimeSpan.FromSeconds(60), "stalled-a", "stalled-b");

        Proxies.Source.Requests.Count(r => r.Fault == FaultKind.Stall).Should().Be(1);
    }

    [Test]
    public async Task Operator_SourceCorruptsBlobs_RewritesOnlyToVerifiedCopies()
    {
        // one image always arrives corrupt; the others only on their first reads
        Proxies.Source.AddFault(new FaultRule("GET", path => path.Contains("/faults/tainted-", StringComparison.Ordinal)
            && path.Contains("/blobs/sha256:", StringComparison.Ordinal), Fault.CorruptByte(100)));
        Proxies.Source.AddFault(FaultRule.OnBlobs(Fault.CorruptByte(100), times: 3));
        var tainted = await DeployAsync("tainted");

        await ConvergeAndVerifyAsync("flipped-a", "flipped-b");

        await Cluster.WaitForEventAsync(Namespace, "tainted", "CopyFailed");
        (await Cluster.EventsAsync(Namespace, "tainted", "CopyFailed")).Should().OnlyContain(e => e.Type == "Warning" && e.Message.Contains(tainted.Reference));
        (await Cluster.DeploymentImagesAsync(Namespace, "tainted")).Should().Equal(tainted.Reference);
        Cluster.WritesTo("deployments", Namespace, "tainted").Should().BeEmpty();
        (await Verifier.TargetHasTagAsync(tainted)).Should().BeFalse("no manifest is pushed over a blob that failed verification");
    }

    private Task ConvergeAndVerifyAsync(params string[] names) => ConvergeAndVerifyAsync(null, names);

    private async Task ConvergeAndVerifyAsync(TimeSpan? timeout, params string[] names)
    {
        var images = new List<ProxiedImage>();
        foreach (var name in names)
        {
            images.Add(await DeployAsync(name, 64 * 1024, 1024));
        }

        await using var replica = await StartOperatorAsync();
        foreach (var image in images)
        {
            await WaitForMirroredAsync(image, timeout);
        }

        foreach (var image in images)
        {
            await Verifier.AssertIntactAsync(image);
            AcceptedWrites("deployments", image.Name).Should().Be(1);
        }
    }
}
