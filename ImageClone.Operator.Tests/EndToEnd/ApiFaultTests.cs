using System.Net;
using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.EndToEnd;

/// <summary>The operator converges through the faults a busy API server produces: conflicts and slow answers (injected by the proxy), dropped watch connections, watches ending at their timeout.</summary>
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
    public async Task Operator_SlowApiServer_ConvergesWithOneWritePerWorkload()
    {
        // Not the Lease: KubernetesClient's LeaderElector abandons an acquire attempt slower than 1.2-2.4 retry periods
        // and starts another, so a slow Lease never gets this replica leading (left to the leader-election work).
        foreach (var resource in new[] { "deployments", "daemonsets", "pods", "events", "secrets" })
        {
            Cluster.Kube.Faults.Slow("*", resource, TimeSpan.FromMilliseconds(400));
        }

        var image = await Registries.PushPublicAsync("slow");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "slow", ("app", image.Reference)));
        await Cluster.CreateAsync(SampleWorkloads.DaemonSet(Ops, "slow", ("app", image.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync(Shop, "slow", Registries.MirrorOf(image));
        await Cluster.WaitForDaemonSetImagesAsync(Ops, "slow", Registries.MirrorOf(image));
        await Cluster.WaitForAcceptedWriteAsync("daemonsets", Ops, "slow");
        Cluster.AcceptedWorkloadWrites().Should().HaveCount(2, "each workload is written once, however slow the answers");
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
