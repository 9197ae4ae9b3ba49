using ImageClone.Tests.Support.FakeKube;

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
        Cluster.Server.Create(SampleWorkloads.Deployment("shop", "broken", ("app", missing), ("sidecar", present.Reference)));
        Cluster.Server.Create(SampleWorkloads.Deployment("shop", "fine", ("app", present.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync("shop", "fine", Registries.MirrorOf(present));
        await Cluster.WaitForEventAsync("shop", "broken", "CopyFailed");
        var warning = Cluster.Events("shop", "broken", "CopyFailed").Single();
        warning.Type.Should().Be("Warning");
        warning.Message.Should().Contain(missing);
        Cluster.DeploymentImages("shop", "broken").Should().Equal(missing, present.Reference);
        Cluster.WritesTo("deployments", "shop", "broken").Should().BeEmpty();
    }
}
