using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.EndToEnd;

/// <summary>
/// An API server that briefly stops answering (a restart, a reset connection) does not cost the leader its lease; one
/// that stops answering past the renew deadline pauses the leader's writes, and the same term goes on when the lease
/// is found still its own, or ends when another replica took it meanwhile.
/// </summary>
[TestFixture]
internal sealed class LeadershipOutageTests : ClusterTest
{
    [Test]
    public async Task Operator_LeaseConnectionsResetForLessThanRenewDeadline_KeepsLeadingAndConverges()
    {
        await using var replica = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions { User = "replica-a" });
        await Wait.UntilAsync(() => replica.State.IsLeader && replica.State.WatchesSynced, "the replica leads");

        Cluster.Kube.Faults.ResetNext("*", "leases", count: 4);
        Cluster.Kube.DropWatchConnections();
        await Cluster.Kube.WaitForRequestAsync(r => r.Resource == "leases" && r.StatusCode == 0, TimeSpan.FromSeconds(10));
        await Cluster.Kube.WaitForRequestAsync(r => r.Resource == "leases" && r.Verb == "update" && r.StatusCode == 200, TimeSpan.FromSeconds(10));
        var image = await Registries.PushPublicAsync("outage");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "outage", ("app", image.Reference)));

        await Cluster.WaitForDeploymentImagesAsync(Shop, "outage", Registries.MirrorOf(image));
        await Cluster.WaitForAcceptedWriteAsync("deployments", Shop, "outage");
        Cluster.Kube.Requests.Count(r => r.Resource == "leases" && r.StatusCode == 0).Should().Be(4, "four renewals met a reset connection");
        replica.State.LeadershipTerms.Should().Be(1, "about 1 s without a renewal is within the 2 s renew deadline");
        replica.State.IsLeader.Should().BeTrue();
        Cluster.WritesTo("deployments", Shop, "outage").Should().ContainSingle().Which.User.Should().Be("replica-a");
    }

    [Test]
    public async Task Operator_LeaseUnreachablePastRenewDeadline_WritesNothingWhilePausedThenResumesTheSameTerm()
    {
        await using var replica = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions { User = "replica-a" });
        await Wait.UntilAsync(() => replica.State.IsLeader && replica.State.WatchesSynced, "the replica leads");

        Cluster.Kube.Faults.ResetAll("*", "leases");
        await Wait.UntilAsync(() => replica.State.LeadershipSuspensions == 1 && !replica.State.IsLeader, "no renewal for the 2 s renew deadline: leading pauses");
        var image = await Registries.PushPublicAsync("paused");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "paused", ("app", image.Reference)));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Cluster.WritesTo("deployments", Shop, "paused").Should().BeEmpty("a paused leader writes nothing: its lease may be expiring for the others");
        Cluster.Kube.Requests.Should().NotContain(r => r.User == "replica-a" && r.IsWrite && r.Resource != "leases" && r.StatusCode != 0);
        Cluster.Kube.Faults.Clear();

        await Cluster.WaitForDeploymentImagesAsync(Shop, "paused", Registries.MirrorOf(image));
        await Cluster.WaitForAcceptedWriteAsync("deployments", Shop, "paused");
        replica.State.LeadershipTerms.Should().Be(1, "the lease still named it when it answered again: nobody else led meanwhile");
        replica.State.IsLeader.Should().BeTrue();
        Cluster.WritesTo("deployments", Shop, "paused").Should().ContainSingle().Which.User.Should().Be("replica-a");
    }

    [Test]
    public async Task Operator_LeaderCutOffFromTheApiServer_AnotherTakesOver_TheOldTermEndsWithoutWriting()
    {
        await using var first = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions { User = "replica-a" });
        await Wait.UntilAsync(() => first.State.IsLeader && first.State.WatchesSynced, "replica-a leads");
        await using var second = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions { User = "replica-b" });
        await Wait.UntilAsync(() => second.State.LeadershipSettled, "replica-b follows");

        Cluster.Kube.Faults.ResetAll("*", "*", user: "replica-a");
        await Wait.UntilAsync(() => second.State.IsLeader && second.State.WatchesSynced, "replica-b takes the lease that replica-a cannot renew", TimeSpan.FromSeconds(30));
        var image = await Registries.PushPublicAsync("cutoff");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "cutoff", ("app", image.Reference)));
        await Cluster.WaitForDeploymentImagesAsync(Shop, "cutoff", Registries.MirrorOf(image));
        first.State.LeadershipSuspensions.Should().Be(1);
        Cluster.Kube.Faults.Clear();

        await Wait.UntilAsync(() => first.State.LeadershipSettled && !first.State.IsLeader, "replica-a reads the lease again, ends its term and follows");
        await Task.Delay(TimeSpan.FromSeconds(1));
        first.State.LeadershipTerms.Should().Be(1);
        first.State.IsLeader.Should().BeFalse();
        Cluster.WritesTo("deployments", Shop, "cutoff").Should().ContainSingle().Which.User.Should().Be("replica-b");
        Cluster.Kube.Requests.Should().NotContain(r => r.User == "replica-a" && r.IsWrite && r.Resource != "leases" && r.StatusCode != 0);
    }
}
