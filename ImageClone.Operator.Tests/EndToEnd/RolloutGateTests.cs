using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.EndToEnd;

/// <summary>A workload is rewritten only once its rollout is healthy.</summary>
[TestFixture]
internal sealed class RolloutGateTests : ClusterTest
{
    [Test]
    public async Task Operator_UnhealthyWorkload_WaitsForTheRolloutThenRewritesIt()
    {
        var image = await Registries.PushPublicAsync("held");
        Cluster.Kube.HoldRollout(Shop, "held");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "held", ("app", image.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForEventAsync(Shop, "held", "WaitingForRollout");
        (await Cluster.DeploymentImagesAsync(Shop, "held")).Should().Equal(image.Reference);
        Cluster.WritesTo("deployments", Shop, "held").Should().BeEmpty();

        Cluster.Kube.ReleaseRollout(Shop, "held");

        await Cluster.WaitForDeploymentImagesAsync(Shop, "held", Registries.MirrorOf(image));
    }
}
