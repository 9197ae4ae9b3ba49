using ImageClone.Tests.Support.FakeKube;

namespace ImageClone.Tests.EndToEnd;

/// <summary>A workload is rewritten only once its rollout is healthy.</summary>
[TestFixture]
internal sealed class RolloutGateTests : ClusterTest
{
    [Test]
    public async Task Operator_UnhealthyWorkload_WaitsForTheRolloutThenRewritesIt()
    {
        var image = await Registries.PushPublicAsync("held");
        Cluster.Server.Rollouts.Hold("shop", "held");
        Cluster.Server.Create(SampleWorkloads.Deployment("shop", "held", ("app", image.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForEventAsync("shop", "held", "WaitingForRollout");
        Cluster.DeploymentImages("shop", "held").Should().Equal(image.Reference);
        Cluster.WritesTo("deployments", "shop", "held").Should().BeEmpty();

        Cluster.Server.Rollouts.Release("shop", "held");

        await Cluster.WaitForDeploymentImagesAsync("shop", "held", Registries.MirrorOf(image));
    }
}
