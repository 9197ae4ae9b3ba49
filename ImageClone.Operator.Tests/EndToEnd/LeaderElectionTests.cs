using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.EndToEnd;

/// <summary>Two replicas with leader election: one works, the other takes over when it goes.</summary>
[TestFixture]
internal sealed class LeaderElectionTests : ClusterTest
{
    [Test]
    public async Task Operator_TwoReplicas_OnlyTheLeaderWrites()
    {
        await using var first = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions { User = "replica-a" });
        await Wait.UntilAsync(() => first.State.IsLeader, "the first replica leads");
        await using var second = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions { User = "replica-b" });
        await Wait.UntilAsync(() => second.State.LeadershipSettled, "the second replica follows");

        var image = await Registries.PushPublicAsync("led");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "led", ("app", image.Reference)));
        await Cluster.CreateAsync(SampleWorkloads.DaemonSet(Ops, "led", ("app", image.Reference)));

        await Cluster.WaitForDeploymentImagesAsync(Shop, "led", Registries.MirrorOf(image));
        await Cluster.WaitForDaemonSetImagesAsync(Ops, "led", Registries.MirrorOf(image));
        await Cluster.WaitForAcceptedWriteAsync("deployments", Shop, "led");
        await Cluster.WaitForAcceptedWriteAsync("daemonsets", Ops, "led");
        Cluster.AcceptedWorkloadWrites().Select(w => w.User).Should().OnlyContain(user => user == "replica-a");
        Cluster.Kube.Requests.Where(r => r.User == "replica-b").Select(r => r.Resource).Should().OnlyContain(resource => resource == "leases",
            "a follower only campaigns: it neither watches nor writes workloads or events");
        second.State.IsLeader.Should().BeFalse();
    }

    [Test]
    public async Task Operator_LeaderStopped_TheOtherReplicaTakesOverAndConvergesNewWorkloads()
    {
        var first = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions { User = "replica-a" });
        await Wait.UntilAsync(() => first.State.IsLeader, "the first replica leads");
        await using var second = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions { User = "replica-b" });
        await Wait.UntilAsync(() => second.State.LeadershipSettled, "the second replica follows");

        await first.StopAsync();
        var image = await Registries.PushPublicAsync("taken-over");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "taken-over", ("app", image.Reference)));

        await Cluster.WaitForDeploymentImagesAsync(Shop, "taken-over", Registries.MirrorOf(image));
        await Cluster.WaitForAcceptedWriteAsync("deployments", Shop, "taken-over");
        second.State.IsLeader.Should().BeTrue();
        Cluster.WritesTo("deployments", Shop, "taken-over").Should().ContainSingle().Which.User.Should().Be("replica-b");
    }
}
