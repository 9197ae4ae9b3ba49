using ImageClone.Tests.Support.FakeKube;

namespace ImageClone.Tests.EndToEnd;

[TestFixture]
internal sealed class DryRunTests : ClusterTest
{
    [Test]
    public async Task Operator_DryRun_WritesNoWorkloadAndReportsWouldRewrite()
    {
        var image = await Registries.PushPublicAsync("dry");
        Cluster.Server.Create(SampleWorkloads.Deployment("shop", "dry", ("app", image.Reference)));
        Cluster.Server.Create(SampleWorkloads.DaemonSet("ops", "dry", ("app", image.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions().WithEnvironment("DRY_RUN", "true"));

        await Cluster.WaitForEventAsync("shop", "dry", "WouldRewrite");
        await Cluster.WaitForEventAsync("ops", "dry", "WouldRewrite");
        Cluster.Events("shop", "dry", "WouldRewrite").Single().Message.Should().Contain(Registries.MirrorOf(image));
        Cluster.AcceptedWorkloadWrites().Should().BeEmpty();
        Cluster.DeploymentImages("shop", "dry").Should().Equal(image.Reference);
        Cluster.DaemonSetImages("ops", "dry").Should().Equal(image.Reference);
    }
}
