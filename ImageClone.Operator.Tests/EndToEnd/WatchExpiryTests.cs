using System.Net;
using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.EndToEnd;

/// <summary>
/// Watches from a resourceVersion etcd has compacted away: on the apiserver without watch cache a re-watch then
/// gets 410 as an ERROR event (the real server's answer), or as an HTTP 410 (injected by the proxy, as other
/// servers answer); either way the operator lists afresh and converges what changed meanwhile.
/// </summary>
[TestFixture]
internal sealed class WatchExpiryTests : ClusterTest
{
    protected override bool Uncached => true;

    [Test]
    public async Task Operator_WatchFromACompactedVersion_ListsAgainAndConvergesWorkloadsCreatedAfterwards()
    {
        await using var replica = await ApiFaultTests.StartWatchingAsync(Cluster);

        var compacted = await Cluster.Kube.ExpireWatchesAsync();

        Cluster.Kube.DropWatchConnections();
        var image = await Registries.PushPublicAsync("after-expiry");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "after-expiry", ("app", image.Reference)));

        await Cluster.WaitForDeploymentImagesAsync(Shop, "after-expiry", Registries.MirrorOf(image));
        ListsOfDeployments(replica).Should().BeGreaterThanOrEqualTo(2, $"a watch from before the compaction at {compacted} is answered by a fresh list");
        replica.Logs.Should().Contain(log => log.Message.Contains("expired", StringComparison.OrdinalIgnoreCase), "the 410 was seen as an expiry");
    }

    [Test]
    public async Task Operator_WatchAnsweredWithHttp410_ListsAgainAndConvergesWorkloadsCreatedAfterwards()
    {
        await using var replica = await ApiFaultTests.StartWatchingAsync(Cluster);

        Cluster.Kube.Faults.FailNext("watch", "deployments", HttpStatusCode.Gone);
        Cluster.Kube.DropWatchConnections();
        var image = await Registries.PushPublicAsync("after-gone");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "after-gone", ("app", image.Reference)));

        await Cluster.WaitForDeploymentImagesAsync(Shop, "after-gone", Registries.MirrorOf(image));
        Cluster.Kube.Requests.Should().Contain(r => r.Verb == "watch" && r.Resource == "deployments" && r.User == replica.User && r.StatusCode == 410);
        ListsOfDeployments(replica).Should().BeGreaterThanOrEqualTo(2, "an expired watch is answered by a fresh list");
    }

    private int ListsOfDeployments(OperatorHarness replica) =>
        Cluster.Kube.Requests.Count(r => r.Verb == "list" && r.Resource == "deployments" && r.User == replica.User && r.StatusCode == 200);
}
