using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.EndToEnd;

[TestFixture]
internal sealed class DryRunTests : ClusterTest
{
    [Test]
    public async Task Operator_DryRun_WritesNoWorkloadAndReportsWouldRewrite()
    {
        var image = await Registries.PushPublicAsync("dry");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "dry", ("app", image.Reference)));
        await Cluster.CreateAsync(SampleWorkloads.DaemonSet(Ops, "dry", ("app", image.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions().WithEnvironment("DRY_RUN", "true"));

        await Cluster.WaitForEventAsync(Shop, "dry", "WouldRewrite");
        await Cluster.WaitForEventAsync(Ops, "dry", "WouldRewrite");
        (await Cluster.EventsAsync(Shop, "dry", "WouldRewrite")).Single().Message.Should().Contain(Registries.MirrorOf(image));
        Cluster.AcceptedWorkloadWrites().Should().BeEmpty();
        (await Cluster.DeploymentImagesAsync(Shop, "dry")).Should().Equal(image.Reference);
        (await Cluster.DaemonSetImagesAsync(Ops, "dry")).Should().Equal(image.Reference);
    }
}
