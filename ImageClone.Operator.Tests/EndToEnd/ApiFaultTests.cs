using System.Net;
using ImageClone.Tests.Support.FakeKube;

namespace ImageClone.Tests.EndToEnd;

/// <summary>The operator converges through the faults a real API server produces: conflicts, dropped and expired watches.</summary>
[TestFixture]
internal sealed class ApiFaultTests : ClusterTest
{
    [Test]
    public async Task Operator_ConflictOnTheRewrite_StillConvergesWithTheRightImage()
    {
        var image = await Registries.PushPublicAsync("contested");
        Cluster.Server.Faults.FailNext("patch", "deployments", HttpStatusCode.Conflict, name: "contested");
        Cluster.Server.Create(SampleWorkloads.Deployment("shop", "contested", ("app", image.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync("shop", "contested", Registries.MirrorOf(image));
        await Cluster.WaitForAcceptedWriteAsync("deployments", "shop", "contested");
        Cluster.WritesTo("deployments", "shop", "contested").Select(w => w.StatusCode).Should().Equal(409, 200);
    }

    [Test]
    public async Task Operator_WatchConnectionsDropped_ConvergesWorkloadsCreatedAfterwards()
    {
        await using var replica = await StartWatchingAsync();

        Cluster.Server.DropWatchConnections();
        var image = await Registries.PushPublicAsync("after-drop");
        Cluster.Server.Create(SampleWorkloads.Deployment("shop", "after-drop", ("app", image.Reference)));
        Cluster.Server.Create(SampleWorkloads.DaemonSet("ops", "after-drop", ("app", image.Reference)));

        await Cluster.WaitForDeploymentImagesAsync("shop", "after-drop", Registries.MirrorOf(image));
        await Cluster.WaitForDaemonSetImagesAsync("ops", "after-drop", Registries.MirrorOf(image));
    }

    [TestCase(ExpiredWatchReply.HttpGone)]
    [TestCase(ExpiredWatchReply.ErrorEvent)]
    public async Task Operator_WatchesExpired_ConvergesWorkloadsCreatedAfterwards(ExpiredWatchReply reply)
    {
        Cluster.Server.ExpiredWatchReply = reply;
        await using var replica = await StartWatchingAsync();

        Cluster.Server.ExpireWatches();
        var image = await Registries.PushPublicAsync("after-expiry");
        Cluster.Server.Create(SampleWorkloads.Deployment("shop", "after-expiry", ("app", image.Reference)));

        await Cluster.WaitForDeploymentImagesAsync("shop", "after-expiry", Registries.MirrorOf(image));
        Cluster.Server.Requests.Count(r => r.Verb == "list" && r.Resource == "deployments" && r.User == replica.User && r.StatusCode == 200)
            .Should().BeGreaterThanOrEqualTo(2, "an expired watch is answered by a fresh list");
    }

    [Test]
    public async Task Operator_WatchesEndingAtTheirTimeout_ReopensThemWithoutWarningsAndStillConverges()
    {
        await using var replica = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions { WatchTimeout = TimeSpan.FromSeconds(1) });

        await Wait.UntilAsync(() => Cluster.Server.Requests.Count(r => r.Verb == "watch" && r.Resource == "deployments" && r.User == replica.User) >= 3,
            "the deployment watch has timed out and been reopened twice");
        var image = await Registries.PushPublicAsync("after-timeouts");
        Cluster.Server.Create(SampleWorkloads.Deployment("shop", "after-timeouts", ("app", image.Reference)));

        await Cluster.WaitForDeploymentImagesAsync("shop", "after-timeouts", Registries.MirrorOf(image));
        replica.Logs.Should().NotContain(log => log.Level >= Microsoft.Extensions.Logging.LogLevel.Warning && log.Message.StartsWith("Watch of", StringComparison.Ordinal),
            "a watch ending at its timeout is normal");
    }

    private async Task<OperatorHarness> StartWatchingAsync()
    {
        var replica = await OperatorHarness.StartAsync(Cluster);
        await Cluster.Server.WaitForRequestAsync(r => r.Verb == "watch" && r.Resource == "deployments" && r.User == replica.User);
        await Cluster.Server.WaitForRequestAsync(r => r.Verb == "watch" && r.Resource == "daemonsets" && r.User == replica.User);
        return replica;
    }
}
