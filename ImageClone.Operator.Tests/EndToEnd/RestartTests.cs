using ImageClone.Tests.Support.Kube;
using k8s;
using k8s.Models;

namespace ImageClone.Tests.EndToEnd;

/// <summary>An operator restarted mid-way picks up where the last one stopped, writing each workload once.</summary>
[TestFixture]
internal sealed class RestartTests : ClusterTest
{
    [Test]
    public async Task Operator_RestartedMidWay_ConvergesWithOneWritePerWorkload()
    {
        var image = await Registries.PushPublicAsync("restart");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "early", ("app", image.Reference)));
        Cluster.Kube.HoldRollout(Shop, "late");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "late", ("app", image.Reference)));
        var mirrored = Registries.MirrorOf(image);

        var first = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions { User = "first-run" });
        await Cluster.WaitForDeploymentImagesAsync(Shop, "early", mirrored);
        await Cluster.WaitForEventAsync(Shop, "late", "WaitingForRollout");
        await first.StopAsync();

        Cluster.Kube.ReleaseRollout(Shop, "late");
        // One worker: keys are reconciled in the order their events arrive, so once "sentinel" is written,
        // the touched "early" (queued before it) has been reconciled again too.
        await using var second = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions { User = "second-run" }.WithEnvironment("MAX_CONCURRENT_RECONCILES", "1"));
        await Cluster.WaitForDeploymentImagesAsync(Shop, "late", mirrored);
        await TouchAsync(Shop, "early");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "sentinel", ("app", image.Reference)));
        await Cluster.WaitForDeploymentImagesAsync(Shop, "sentinel", mirrored);
        await Cluster.WaitForAcceptedWriteAsync("deployments", Shop, "sentinel");

        Cluster.WritesTo("deployments", Shop, "early").Should().ContainSingle().Which.User.Should().Be(first.User);
        Cluster.WritesTo("deployments", Shop, "late").Should().ContainSingle().Which.User.Should().Be(second.User);
        Cluster.WritesTo("deployments", Shop, "sentinel").Should().ContainSingle();
    }

    /// <summary>Changes an annotation (as another client would), so the operator gets a MODIFIED event and reconciles again.</summary>
    private Task TouchAsync(string ns, string name) =>
        Cluster.Kube.Admin.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"metadata":{"annotations":{"example.com/touched":"yes"}}}""", V1Patch.PatchType.MergePatch), name, ns);
}
