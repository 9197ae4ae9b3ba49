using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.EndToEnd;

/// <summary>An API server that briefly stops answering (a restart, a reset connection) does not cost the leader its lease.</summary>
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
}
