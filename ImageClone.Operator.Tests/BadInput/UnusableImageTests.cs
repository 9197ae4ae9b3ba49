using ImageClone.Tests.EndToEnd;
using ImageClone.Tests.Faults;
using ImageClone.Tests.Support;
using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.BadInput;

/// <summary>
/// A workload whose image cannot be mirrored gets a Warning event about it naming the image, is left as it is, and the
/// operator goes on converging the other workloads of the same run.
/// </summary>
[TestFixture]
internal sealed class UnusableImageTests : ProxiedClusterTest
{
    [TestCase("malformed", "InvalidImage")]
    [TestCase("missing-tag", "CopyFailed")]
    [TestCase("missing-repository", "CopyFailed")]
    [TestCase("private-without-credentials", "CopyFailed")]
    public async Task Operator_UnusableImage_WarnsNamingWorkloadAndImageAndConvergesTheOthers(string problem, string reason)
    {
        var bad = await BadImageAsync(problem);
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Namespace, "broken", ("app", bad)));
        var good = await DeployAsync("fine");

        await using var replica = await StartOperatorAsync();

        await WaitForMirroredAsync(good);
        await Cluster.WaitForEventAsync(Namespace, "broken", reason);
        var warning = (await Cluster.EventsAsync(Namespace, "broken", reason))[0];
        warning.Type.Should().Be("Warning");
        warning.InvolvedObject.Kind.Should().Be("Deployment");
        warning.InvolvedObject.Name.Should().Be("broken");
        warning.Message.Should().Contain(bad);
        (await Cluster.DeploymentImagesAsync(Namespace, "broken")).Should().Equal(bad);
        Cluster.WritesTo("deployments", Namespace, "broken").Should().BeEmpty();
        replica.State.IsLeader.Should().BeTrue("the operator keeps running");
    }

    [Test]
    public async Task Operator_UnreachableInsecureRegistry_WarnsNamingTheRegistryAndConvergesTheOthers()
    {
        var unreachable = $"127.0.0.1:{FreePort.Next()}";
        var image = $"{unreachable}/team/app:1.0";
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Namespace, "offline", ("app", image)));
        var good = await DeployAsync("fine");

        await using var replica = await StartOperatorAsync(new OperatorHarnessOptions()
            .WithEnvironment("INSECURE_REGISTRIES", unreachable));

        await WaitForMirroredAsync(good);
        await Cluster.WaitForEventAsync(Namespace, "offline", "CopyFailed");
        var warning = (await Cluster.EventsAsync(Namespace, "offline", "CopyFailed"))[0];
        warning.Type.Should().Be("Warning");
        warning.Message.Should().Contain(image);
        (await Cluster.DeploymentImagesAsync(Namespace, "offline")).Should().Equal(image);
        Cluster.WritesTo("deployments", Namespace, "offline").Should().BeEmpty();
    }

    private async Task<string> BadImageAsync(string problem)
    {
        switch (problem)
        {
            case "malformed":
                return "Not A Valid//Image::reference";
            case "missing-tag":
                var pushed = await Proxies.PushAsync("exists");
                return pushed.Reference.Replace(":1.0", ":no-such-tag", StringComparison.Ordinal);
            case "missing-repository":
                return $"{Proxies.Source.Host}/faults/never-pushed:1.0";
            default:
                return (await Registries.PushPrivateAsync("private")).Reference;
        }
    }
}
