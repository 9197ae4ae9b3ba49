using System.Globalization;
using System.Text.Json;
using ImageClone.Mirroring;
using ImageClone.Tests.Support.Kube;
using k8s;
using k8s.Models;

namespace ImageClone.Tests.EndToEnd;

/// <summary>
/// The operator owns the rollout its rewrite starts: when the new pods cannot pull or start the copy, or the rollout
/// passes its deadline, the rewrite is reverted to the recorded originals in one patch, marked so it is not tried
/// again, and reported — unless someone else changed the workload meanwhile.
/// </summary>
[TestFixture]
internal sealed class RevertTests : ClusterTest
{
    [Test]
    public async Task Operator_NewPodsCannotPullTheCopy_RevertsToTheOriginalAndDoesNotRewriteAgain()
    {
        var revertsBefore = MirrorMetrics.RewritesReverted.WithLabels(nameof(WorkloadKind.Deployment)).Value;
        var image = await Registries.PushPublicAsync("unpullable");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "unpullable", replicas: 2, initContainers: [], ("app", image.Reference)));
        Cluster.Kube.BlockPulls(Registries.Repository, "dial tcp: connect: connection refused (the nodes cannot reach the mirror)");
        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForEventAsync(Shop, "unpullable", "RewriteReverted");

        var reverted = await Cluster.DeploymentAsync(Shop, "unpullable");
        reverted.Spec.Template.Spec.Containers.Single().Image.Should().Be(image.Reference);
        reverted.Spec.Template.Spec.ImagePullSecrets.Should().BeNullOrEmpty("the pull secret the operator added is taken out again");
        var failure = JsonDocument.Parse(reverted.Metadata.Annotations["imageclone.io/rewrite-failed"]).RootElement;
        failure.GetProperty("reason").GetString().Should().Contain("ErrImagePull").And.Contain("cannot reach the mirror");
        reverted.Metadata.Annotations.Should().NotContainKey("imageclone.io/rewritten-images");
        (await Cluster.EventsAsync(Shop, "unpullable", "RewriteReverted"))[0].Type.Should().Be("Warning");
        Cluster.WritesTo("deployments", Shop, "unpullable").Where(w => w.StatusCode == 200).Should().HaveCount(2, "the rewrite and its revert");
        await Cluster.WaitForDeploymentRolloutAsync(Shop, "unpullable", 2);

        await TouchAsync("unpullable");
        await Wait.UntilAsync(async () => (await Cluster.EventsAsync(Shop, "unpullable")).Count > 0 && replica.Logs.Any(l => l.Message.Contains("its rewrite was reverted", StringComparison.Ordinal)),
            () => "the touched workload was reconciled and skipped");
        Cluster.WritesTo("deployments", Shop, "unpullable").Where(w => w.StatusCode == 200).Should().HaveCount(2, "a reverted workload is not rewritten again");
        // the counter is the process's: earlier tests' reverts are in it too
        (await replica.MetricsAsync()).Should().Contain(
            $"imageclone_rewrites_reverted_total{{kind=\"Deployment\"}} {(revertsBefore + 1).ToString(CultureInfo.InvariantCulture)}");
    }

    [Test]
    public async Task Operator_RolloutPassesItsProgressDeadline_RevertsIt()
    {
        var image = await Registries.PushPublicAsync("deadline");
        var deployment = SampleWorkloads.Deployment(Shop, "deadline", ("app", image.Reference));
        deployment.Spec.ProgressDeadlineSeconds = 3;
        await Cluster.CreateAsync(deployment);
        Cluster.Kube.HoldReadinessOfImages(Registries.Repository);
        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForEventAsync(Shop, "deadline", "RewriteReverted");

        var reverted = await Cluster.DeploymentAsync(Shop, "deadline");
        reverted.Spec.Template.Spec.Containers.Single().Image.Should().Be(image.Reference);
        reverted.Metadata.Annotations["imageclone.io/rewrite-failed"].Should().Contain("ProgressDeadlineExceeded");
        await Cluster.WaitForDeploymentRolloutAsync(Shop, "deadline", 1);
    }

    [Test]
    public async Task Operator_DaemonSetsNewPodsCannotPull_RevertsIt()
    {
        var image = await Registries.PushPublicAsync("agent-unpullable");
        await Cluster.CreateAsync(SampleWorkloads.DaemonSet(Ops, "agent", ("agent", image.Reference)));
        Cluster.Kube.BlockPulls(Registries.Repository, "403 Forbidden (the nodes' network policy)");
        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForEventAsync(Ops, "agent", "RewriteReverted");

        (await Cluster.DaemonSetImagesAsync(Ops, "agent")).Should().Equal(image.Reference);
        await Wait.UntilAsync(async () => (await Cluster.DaemonSetAsync(Ops, "agent")).Status is { NumberAvailable: 2, UpdatedNumberScheduled: 2 },
            () => "both DaemonSet pods run the original again");
    }

    [Test]
    public async Task Operator_SomeoneChangedTheImagesOfAFailingRollout_LeavesTheirChange()
    {
        var image = await Registries.PushPublicAsync("changed");
        var theirs = await Registries.PushToTargetAsync("their-build");
        var deployment = SampleWorkloads.Deployment(Shop, "changed", ("app", image.Reference));
        deployment.Spec.ProgressDeadlineSeconds = 3;
        await Cluster.CreateAsync(deployment);
        Cluster.Kube.HoldReadinessOfImages(Registries.Repository);
        await using var replica = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions().WithEnvironment("MAX_CONCURRENT_RECONCILES", "1"));
        await Cluster.WaitForDeploymentImagesAsync(Shop, "changed", Registries.MirrorOf(image));

        await Cluster.Kube.Admin.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"IMAGE"}]}}}}""".Replace("IMAGE", theirs.Reference, StringComparison.Ordinal),
            V1Patch.PatchType.StrategicMergePatch), "changed", Shop);
        await Wait.UntilAsync(async () => (await Cluster.DeploymentAsync(Shop, "changed")) is { } d && d.Status?.ObservedGeneration == d.Metadata.Generation
                && d.Status?.Conditions?.Any(c => c.Reason == "ProgressDeadlineExceeded") == true,
            () => "their rollout failed its progress deadline too", TimeSpan.FromSeconds(60));
        // One worker: keys are reconciled in the order their events arrive, so once "sentinel" is rewritten, "changed" has been judged after its failure.
        await TouchAsync("changed");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "sentinel", ("app", image.Reference)));
        await Cluster.WaitForDeploymentImagesAsync(Shop, "sentinel", Registries.MirrorOf(image));

        (await Cluster.DeploymentImagesAsync(Shop, "changed")).Should().Equal(theirs.Reference);
        (await Cluster.EventsAsync(Shop, "changed", "RewriteReverted")).Should().BeEmpty();
    }

    private Task TouchAsync(string name) =>
        Cluster.Kube.Admin.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"metadata":{"annotations":{"example.com/touched":"yes"}}}""", V1Patch.PatchType.MergePatch), name, Shop);
}
