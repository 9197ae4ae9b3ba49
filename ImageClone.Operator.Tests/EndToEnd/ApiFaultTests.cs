using System.Net;
using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.EndToEnd;

/// <summary>The operator converges through the faults a busy API server produces: conflicts (injected by the proxy), dropped watch connections, watches ending at their timeout.</summary>
[TestFixture]
internal sealed class ApiFaultTests : ClusterTest
{
    [Test]
    public async Task Operator_ConflictOnTheRewrite_StillConvergesWithTheRightImage()
    {
        var image = await Registries.PushPublicAsync("contested");
        Cluster.Kube.Faults.FailNext("patch", "deployments", HttpStatusCode.Conflict, name: "contested");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "contested", ("app", image.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync(Shop, "contested", Registries.MirrorOf(image));
        await Cluster.WaitForAcceptedWriteAsync("deployments", Shop, "contested");
        Cluster.WritesTo("deployments", Shop, "contested").Select(w => w.StatusCode).Should().Equal(409, 200);
    }

    [Test]
    public async Task Operator_WatchConnectionsDropped_ConvergesWorkloadsCreatedAfterwards()
    {
        await using var replica = await StartWatchingAsync(Cluster);

        Cluster.Kube.DropWatchConnections();
        var image = await Registries.PushPublicAsync("after-drop");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "after-drop", ("app", image.Reference)));
        await Cluster.CreateAsync(SampleWorkloads.DaemonSet(Ops, "after-drop", ("app", image.Reference)));

        await Cluster.WaitForDeploymentImagesAsync(Shop, "after-drop", Registries.MirrorOf(image));
        await Cluster.WaitForDaemonSetImagesAsync(Ops, "after-drop", Registries.MirrorOf(image));
    }

    [Test]
    public async Task Operator_WatchesEndingAtTheirTimeout_ReopensThemWithoutWarningsAndStillConverges()
    {
        await using var replica = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions { WatchTimeout = TimeSpan.FromSeconds(1) });

        await Wait.UntilAsync(() => Cluster.Kube.Requests.Count(r => r.Verb == "watch" && r.Resource == "deployments" && r.User == replica.User) >= 3,
            "the deployment watch has timed out and been reopened twice");
        var image = await Registries.PushPublicAsync("after-timeouts");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "after-timeouts", ("app", image.Reference)));

        await Cluster.WaitForDeploymentImagesAsync(Shop, "after-timeouts", Registries.MirrorOf(image));
        replica.Logs.Should().NotContain(log => log.Level >= Microsoft.Extensions.Logging.LogLevel.Warning && log.Message.StartsWith("Watch of", StringComparison.Ordinal),
            "a watch ending at its timeout is normal");
    }

    internal static async Task<OperatorHarness> StartWatchingAsync(EndToEndCluster cluster)
    {
        var replica = await OperatorHarness.StartAsync(cluster);
        await cluster.Kube.WaitForRequestAsync(r => r.Verb == "watch" && r.Resource == "deployments" && r.User == replica.User);
        await cluster.Kube.WaitForRequestAsync(r => r.Verb == "watch" && r.Resource == "daemonsets" && r.User == replica.User);
        return replica;
    }
}
