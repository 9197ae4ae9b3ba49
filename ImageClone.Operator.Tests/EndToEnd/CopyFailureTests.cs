using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.EndToEnd;

/// <summary>A workload whose image cannot be copied is never pointed at a missing copy.</summary>
[TestFixture]
internal sealed class CopyFailureTests : ClusterTest
{
    [Test]
    public async Task Operator_ImageMissingFromTheSource_LeavesTheWorkloadWithAWarningAndConvergesTheOthers()
    {
        var present = await Registries.PushPublicAsync("present");
        var missing = $"{Registries.Source.Host}/e2e/never-pushed:1.0";
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "broken", ("app", missing), ("sidecar", present.Reference)));
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "fine", ("app", present.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync(Shop, "fine", Registries.MirrorOf(present));
        await Cluster.WaitForEventAsync(Shop, "broken", "CopyFailed");
        var warning = (await Cluster.EventsAsync(Shop, "broken", "CopyFailed")).Single();
        warning.Type.Should().Be("Warning");
        warning.Message.Should().Contain(missing);
        (await Cluster.DeploymentImagesAsync(Shop, "broken")).Should().Equal(missing, present.Reference);
        Cluster.WritesTo("deployments", Shop, "broken").Should().BeEmpty();
    }
}
