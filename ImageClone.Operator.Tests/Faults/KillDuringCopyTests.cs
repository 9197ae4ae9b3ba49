using ImageClone.Tests.EndToEnd;
using ImageClone.Tests.Support;

namespace ImageClone.Tests.Faults;

/// <summary>The operator process killed (SIGKILL) while a large blob streams into the target, then started again.</summary>
[TestFixture]
internal sealed class KillDuringCopyTests : ProxiedClusterTest
{
    private const string User = "imageclone-process";

    [Test]
    public async Task Operator_KilledWhileALargeBlobStreams_ConvergesAfterRestartWithoutReuploadingFinishedBlobs()
    {
        var image = await DeployAsync("large", 128L << 20, 1024);
        var blobs = image.Pushed.BlobDigests.Count;
        var environment = Environment();

        await using (var first = OperatorProcess.Start(environment))
        {
            // config and small layer committed, the 128 MiB layer still streaming, no manifest yet
            await Wait.UntilAsync(() => CommittedBlobs() >= blobs - 1 || first.HasExited,
                () => $"two blobs are committed to the target; proxy saw: {Describe(Proxies.Target.Requests)}; operator: {string.Join('\n', first.Output)}",
                TimeSpan.FromSeconds(60));
            await first.KillAsync();
        }

        var committedBeforeKill = CommittedBlobs();
        committedBeforeKill.Should().Be(blobs - 1, "the kill came while the large layer was still streaming");
        (await Verifier.TargetHasTagAsync(image)).Should().BeFalse("the copy was interrupted before its manifest");
        Proxies.Target.ResetCounts();

        await using var second = OperatorProcess.Start(environment);
        await WaitForMirroredAsync(image, TimeSpan.FromSeconds(60));

        CommittedBlobs().Should().Be(blobs - committedBeforeKill, "only the interrupted blob is uploaded again");
        await Verifier.AssertIntactAsync(image);
        AcceptedWrites("deployments", image.Name).Should().Be(1);
    }

    private int CommittedBlobs() =>
        Proxies.Target.Requests.Count(r => r is { Method: "PUT", Status: 201 } && r.Path.Contains("/blobs/uploads/", StringComparison.Ordinal));

    private Dictionary<string, string> Environment()
    {
        return new Dictionary<string, string>
        {
            ["KUBECONFIG"] = Cluster.Kube.WriteOperatorKubeconfig(User),
            ["REPOSITORY"] = Proxies.Repository,
            ["INSECURE_REGISTRIES"] = $"{Registries.InsecureRegistries},{Proxies.Source.Host},{Proxies.Target.Host}",
            ["REGISTRY_USERNAME"] = EndToEndRegistries.TargetUser,
            ["REGISTRY_PASSWORD"] = Registries.TargetPassword,
            ["CONTROLLER_NAMESPACE"] = Cluster.ControllerNamespace,
            ["HTTP_URLS"] = "http://127.0.0.1:0",
            // a killed leader's lease would hold the restarted process back for 15 s
            ["LEADER_ELECTION"] = "false",
        };
    }

    private static string Describe(IEnumerable<ProxiedRequest> requests) =>
        string.Join(", ", requests.Select(r => $"{r.Method} {r.Path} {r.Status}"));
}
