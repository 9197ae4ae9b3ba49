using ImageClone.Tests.Support.FakeKube;
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
        Cluster.Server.Create(SampleWorkloads.Deployment("shop", "early", ("app", image.Reference)));
        Cluster.Server.Rollouts.Hold("shop", "late");
        Cluster.Server.Create(SampleWorkloads.Deployment("shop", "late", ("app", image.Reference)));
        var mirrored = Registries.MirrorOf(image);

        var first = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions { User = "first-run" });
        await Cluster.WaitForDeploymentImagesAsync("shop", "early", mirrored);
        await Cluster.WaitForEventAsync("shop", "late", "WaitingForRollout");
        await first.StopAsync();

        Cluster.Server.Rollouts.Release("shop", "late");
        // One worker: keys are reconciled in the order their events arrive, so once "sentinel" is written,
        // the touched "early" (queued before it) has been reconciled again too.
        await using var second = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions { User = "second-run" }.WithEnvironment("MAX_CONCURRENT_RECONCILES", "1"));
        await Cluster.WaitForDeploymentImagesAsync("shop", "late", mirrored);
        Touch("shop", "early");
        Cluster.Server.Create(SampleWorkloads.Deployment("shop", "sentinel", ("app", image.Reference)));
        await Cluster.WaitForDeploymentImagesAsync("shop", "sentinel", mirrored);
        await Cluster.WaitForAcceptedWriteAsync("deployments", "shop", "sentinel");

        Cluster.WritesTo("deployments", "shop", "early").Should().ContainSingle().Which.User.Should().Be(first.User);
        Cluster.WritesTo("deployments", "shop", "late").Should().ContainSingle().Which.User.Should().Be(second.User);
        Cluster.WritesTo("deployments", "shop", "sentinel").Should().ContainSingle();
    }

    /// <summary>Changes an annotation (as another client would), so the operator gets a MODIFIED event and reconciles again.</summary>
    private void Touch(string ns, string name)
    {
        var deployment = Cluster.Deployment(ns, name);
        deployment.Metadata.Annotations ??= new Dictionary<string, string>();
        deployment.Metadata.Annotations["example.com/touched"] = "yes";
        Cluster.Server.Update<V1Deployment>(deployment);
    }
}
