using ImageClone.Tests.Support.FakeKube;

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
        Cluster.Server.Create(SampleWorkloads.Deployment("shop", "led", ("app", image.Reference)));
        Cluster.Server.Create(SampleWorkloads.DaemonSet("ops", "led", ("app", image.Reference)));

        await Cluster.WaitForDeploymentImagesAsync("shop", "led", Registries.MirrorOf(image));
        await Cluster.WaitForDaemonSetImagesAsync("ops", "led", Registries.MirrorOf(image));
        await Cluster.WaitForAcceptedWriteAsync("deployments", "shop", "led");
        await Cluster.WaitForAcceptedWriteAsync("daemonsets", "ops", "led");
        Cluster.AcceptedWorkloadWrites().Select(w => w.User).Should().OnlyContain(user => user == "replica-a");
        Cluster.Server.Requests.Where(r => r.User == "replica-b").Select(r => r.Resource).Should().OnlyContain(resource => resource == "leases",
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
        Cluster.Server.Create(SampleWorkloads.Deployment("shop", "taken-over", ("app", image.Reference)));

        await Cluster.WaitForDeploymentImagesAsync("shop", "taken-over", Registries.MirrorOf(image));
        await Cluster.WaitForAcceptedWriteAsync("deployments", "shop", "taken-over");
        second.State.IsLeader.Should().BeTrue();
        Cluster.WritesTo("deployments", "shop", "taken-over").Should().ContainSingle().Which.User.Should().Be("replica-b");
    }
}
