using ImageClone.Tests.Support;
using ImageClone.Tests.Support.Kube;
using k8s;
using k8s.Models;

namespace ImageClone.Tests.EndToEnd;

/// <summary>
/// DaemonSets with <c>updateStrategy: OnDelete</c>: a rewrite reaches a node only when its pod is deleted. Health is
/// judged by available pods, the rollout has no deadline to miss, and a new pod that cannot pull the copy reverts it.
/// Deployments scaled to zero are rewritten as soon as their (empty) rollout is complete.
/// </summary>
[TestFixture]
internal sealed class OnDeleteTests : ClusterTest
{
    private static readonly OperatorHarnessOptions ShortDaemonSetTimeout = new() { DaemonSetRolloutTimeout = TimeSpan.FromSeconds(2) };

    [Test]
    public async Task Operator_OnDeleteDaemonSet_IsRewrittenNotRevertedForItsOldPodsAndANewPodRunsTheCopy()
    {
        var image = await Registries.PushPublicAsync("on-delete");
        await Cluster.CreateAsync(OnDelete(SampleWorkloads.DaemonSet(Ops, "agent", ("agent", image.Reference))));
        await using var replica = await OperatorHarness.StartAsync(Cluster, ShortDaemonSetTimeout.WithEnvironment("MAX_CONCURRENT_RECONCILES", "1"));
        await Cluster.WaitForDaemonSetImagesAsync(Ops, "agent", Registries.MirrorOf(image));

        var old = (await Cluster.Kube.PodsAsync(Ops, "agent"))[0];
        await Cluster.Kube.Admin.CoreV1.DeleteNamespacedPodAsync(old.Metadata.Name, Ops);
        await Wait.UntilAsync(async () => (await Cluster.Kube.PodsAsync(Ops, "agent")).Any(p => p.Spec.Containers[0].Image == Registries.MirrorOf(image)
                && p.Status?.ContainerStatuses?.SingleOrDefault()?.Ready == true),
            () => "the replacement pod runs the copy", TimeSpan.FromSeconds(60));
        await PassTheTimeoutAsync(image);

        (await Cluster.EventsAsync(Ops, "agent", "RewriteReverted")).Should().BeEmpty("an OnDelete rollout has no end to miss");
        (await Cluster.DaemonSetImagesAsync(Ops, "agent")).Should().Equal(Registries.MirrorOf(image));
    }

    [Test]
    public async Task Operator_OnDeleteDaemonSetsNewPodCannotPull_RevertsIt()
    {
        var image = await Registries.PushPublicAsync("on-delete-blocked");
        await Cluster.CreateAsync(OnDelete(SampleWorkloads.DaemonSet(Ops, "agent", ("agent", image.Reference))));
        Cluster.Kube.BlockPulls(Registries.Repository, "connection refused");
        await using var replica = await OperatorHarness.StartAsync(Cluster);
        await Cluster.WaitForDaemonSetImagesAsync(Ops, "agent", Registries.MirrorOf(image));

        var old = (await Cluster.Kube.PodsAsync(Ops, "agent"))[0];
        await Cluster.Kube.Admin.CoreV1.DeleteNamespacedPodAsync(old.Metadata.Name, Ops);

        await Cluster.WaitForEventAsync(Ops, "agent", "RewriteReverted");
        (await Cluster.DaemonSetImagesAsync(Ops, "agent")).Should().Equal(image.Reference);
    }

    [Test]
    public async Task Operator_DeploymentScaledToZero_IsRewritten()
    {
        var image = await Registries.PushPublicAsync("scaled-down");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "idle", replicas: 0, initContainers: [], ("app", image.Reference)));
        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync(Shop, "idle", Registries.MirrorOf(image));
        (await Cluster.Kube.PodsAsync(Shop, "idle")).Should().BeEmpty();
    }

    /// <summary>
    /// Waits out the (short) DaemonSet rollout timeout, then makes sure the DaemonSet was judged again after it: with one
    /// worker, keys are reconciled in event order, so once a sentinel created after a touch is rewritten, it was.
    /// </summary>
    private async Task PassTheTimeoutAsync(PushedImage image)
    {
        var rewrittenAt = DateTimeOffset.Parse((await Cluster.DaemonSetAsync(Ops, "agent")).Metadata.Annotations["imageclone.io/rewritten-at"], System.Globalization.CultureInfo.InvariantCulture);
        await Wait.UntilAsync(() => DateTimeOffset.UtcNow > rewrittenAt + ShortDaemonSetTimeout.DaemonSetRolloutTimeout + TimeSpan.FromSeconds(1), "the DaemonSet rollout timeout has passed");
        await Cluster.Kube.Admin.AppsV1.PatchNamespacedDaemonSetAsync(
            new V1Patch("""{"metadata":{"annotations":{"example.com/touched":"yes"}}}""", V1Patch.PatchType.MergePatch), "agent", Ops);
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "sentinel", ("app", image.Reference)));
        await Cluster.WaitForDeploymentImagesAsync(Shop, "sentinel", Registries.MirrorOf(image));
    }

    private static V1DaemonSet OnDelete(V1DaemonSet daemonSet)
    {
        daemonSet.Spec.UpdateStrategy = new V1DaemonSetUpdateStrategy { Type = "OnDelete" };
        return daemonSet;
    }
}
