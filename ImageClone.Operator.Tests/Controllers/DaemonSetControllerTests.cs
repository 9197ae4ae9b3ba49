using ImageClone.Controllers;
using ImageClone.Mirroring;
using ImageClone.Tests.Support.Kube;
using k8s;
using k8s.Models;

namespace ImageClone.Tests.Controllers;

/// <summary>DaemonSets run one pod on each of the two amd64 nodes (the arm64 node is tainted).</summary>
internal sealed class DaemonSetControllerTests : ControllerTest
{
    [Test]
    public async Task ReconcileAsync_HealthyDaemonSet_RewritesAndOnceRolledOutASecondPassWritesNothing()
    {
        var agent = await Fixture.PushImageWithCopyAsync("ctl/agent");
        await Fixture.Cluster.CreateAsync(SampleWorkloads.DaemonSet(Fixture.Namespace, "agent", ("agent", agent.Reference)));

        var first = await Fixture.DaemonSets.ReconcileAsync(await Fixture.HealthyDaemonSetAsync("agent"), CancellationToken.None);
        var rewritten = await Fixture.DaemonSetWhenAsync("agent", d => RolloutComplete.Of(d) && d.Spec.Template.Spec.Containers[0].Image == Fixture.PinnedCopyOf(agent),
            "has rolled out the rewrite");
        Fixture.Cluster.ClearRequests();
        var second = await Fixture.DaemonSets.ReconcileAsync(rewritten, CancellationToken.None);

        (first.IsSuccess, second.IsSuccess).Should().Be((true, true));
        first.RequeueAfter.Should().Be(Fixture.Options.RolloutCheckInterval, "the rollout the rewrite starts is followed");
        second.RequeueAfter.Should().BeCloseTo(Fixture.Options.RecheckInterval, Fixture.Options.RecheckInterval * 0.1, "it finished: next comes the periodic re-check of its copies");
        rewritten.Spec.Template.Spec.Containers.Single().Image.Should().Be(Fixture.PinnedCopyOf(agent));
        rewritten.Metadata.Annotations.Should().ContainKey(OriginalImages.AnnotationName);
        Fixture.Requests.Should().BeEmpty();
        (await Fixture.EventsAsync("agent", WorkloadEventReasons.WorkloadRewritten)).Should().ContainSingle()
            .Which.InvolvedObject.Kind.Should().Be("DaemonSet");
    }

    [Test]
    public async Task ReconcileAsync_DaemonSetRolloutHeld_WaitsWithoutWriting()
    {
        var agent = await Fixture.PushImageAsync("ctl/agent");
        Fixture.Cluster.HoldRollout(Fixture.Namespace, "agent");
        await Fixture.Cluster.CreateAsync(SampleWorkloads.DaemonSet(Fixture.Namespace, "agent", ("agent", agent.Reference)));
        await Fixture.WaitForRunningPodsAsync("agent", 2);

        var result = await Fixture.DaemonSets.ReconcileAsync(await HeldDaemonSetAsync(), CancellationToken.None);

        (result.IsSuccess, result.RequeueAfter).Should().Be((true, Fixture.Options.RolloutCheckInterval));
        Fixture.Writes("daemonsets").Should().BeEmpty();
    }

    [Test]
    public async Task ReconcileAsync_AfterWaitsAndADelete_SameDecisionForTheDaemonSetCreatedAgain()
    {
        var agent = await Fixture.PushImageAsync("ctl/agent");
        var daemonSet = SampleWorkloads.DaemonSet(Fixture.Namespace, "agent", ("agent", agent.Reference));
        Fixture.Cluster.HoldRollout(Fixture.Namespace, "agent");
        await Fixture.Cluster.CreateAsync(daemonSet);
        await Fixture.DaemonSets.ReconcileAsync(await Fixture.DaemonSetAsync("agent"), CancellationToken.None);
        var secondWait = await Fixture.DaemonSets.ReconcileAsync(await Fixture.DaemonSetAsync("agent"), CancellationToken.None);
        var lastSeen = await Fixture.DaemonSetAsync("agent");
        await Fixture.Cluster.Admin.AppsV1.DeleteNamespacedDaemonSetAsync("agent", Fixture.Namespace, propagationPolicy: "Background");

        var deleted = await Fixture.DaemonSets.DeletedAsync(lastSeen, CancellationToken.None);
        await Fixture.Cluster.CreateAsync(daemonSet);
        var afterDelete = await Fixture.DaemonSets.ReconcileAsync(await Fixture.DaemonSetAsync("agent"), CancellationToken.None);

        deleted.IsSuccess.Should().BeTrue();
        (secondWait.RequeueAfter, afterDelete.RequeueAfter).Should().Be((Fixture.Options.RolloutCheckInterval, Fixture.Options.RolloutCheckInterval),
            "mirroring keeps no retry state per workload: waits are plain delays");
    }

    /// <summary>The DaemonSet once its status counts both pods as updated and none as available: they run, held not Ready.</summary>
    private Task<V1DaemonSet> HeldDaemonSetAsync() =>
        Fixture.DaemonSetWhenAsync("agent",
            d => d.Status?.ObservedGeneration >= d.Metadata.Generation && d.Status.DesiredNumberScheduled == 2
                && d.Status.UpdatedNumberScheduled == 2 && (d.Status.NumberAvailable ?? 0) == 0,
            "counts 2 updated pods and none available");
}
