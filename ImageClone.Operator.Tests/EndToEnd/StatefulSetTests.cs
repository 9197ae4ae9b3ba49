using System.Globalization;
using ImageClone.Mirroring;
using ImageClone.Tests.Support.Kube;
using k8s;
using k8s.Models;

namespace ImageClone.Tests.EndToEnd;

/// <summary>
/// StatefulSets on the real control plane (its statefulset controller creates and replaces the pods one ordinal at a
/// time, highest first): rewritten only once every ordinal is ready and updated, a partition counted as
/// <c>kubectl rollout status</c> counts it, and a rewrite whose new pod cannot pull the copy reverted and unstuck.
/// </summary>
[TestFixture]
internal sealed class StatefulSetTests : ClusterTest
{
    private const int Replicas = 3;

    [Test]
    public async Task Operator_StatefulSetWithThreeReplicas_IsRewrittenOnlyOnceEveryOrdinalIsReadyAndUpdated()
    {
        var image = await Registries.PushPublicAsync("db");
        Cluster.Kube.HoldRollout(Shop, "db");
        await Cluster.CreateAsync(SampleWorkloads.StatefulSet(Shop, "db", Replicas, ("db", image.Reference)));
        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForEventAsync(Shop, "db", "WaitingForRollout");
        (await Cluster.StatefulSetAsync(Shop, "db")).Status?.ReadyReplicas.GetValueOrDefault().Should().Be(0, "db-0 runs but is held not Ready, so db-1 and db-2 do not exist yet");
        Cluster.WritesTo("statefulsets", Shop, "db").Should().BeEmpty("a StatefulSet whose ordinals are not all ready is not rewritten");
        Cluster.Kube.ReleaseRollout(Shop, "db");

        await Cluster.WaitForStatefulSetImagesAsync(Shop, "db", Registries.MirrorOf(image));
        var status = await KubectlRunner.RunAsync(Cluster.Kube.Plane.WriteKubeconfig(ControlPlaneUsers.Admin), TimeSpan.FromSeconds(90),
            "-n", Shop, "rollout", "status", "statefulset/db", "--timeout=80s");
        status.ExitCode.Should().Be(0, $"the rollout completes: {status.Output}{status.Error}");
        await WaitForOrdinalsAsync("db", _ => Registries.MirrorOf(image), "every ordinal runs the copy");
        var written = Cluster.WritesTo("statefulsets", Shop, "db").Should().ContainSingle().Subject;
        written.StatusCode.Should().Be(200);
        (await Cluster.EventsAsync(Shop, "db", "WorkloadRewritten")).Should().ContainSingle().Which.InvolvedObject.Kind.Should().Be("StatefulSet");
        (await Cluster.StatefulSetAsync(Shop, "db")).Spec.Template.Spec.ImagePullSecrets.Should().ContainSingle()
            .Which.Name.Should().Be("imageclone-pull-secret", "the mirror needs a login to pull, so the pods got the operator's pull secret");
        (await replica.MetricsAsync()).Should().Contain("imageclone_workloads_rewritten_total{kind=\"StatefulSet\"}");

        await TouchAndWaitForAReconcileAsync(replica, "db");
        Cluster.WritesTo("statefulsets", Shop, "db").Should().ContainSingle("a second reconcile of the converged StatefulSet writes nothing");
    }

    [Test]
    public async Task Operator_PartitionedStatefulSet_RewritesTheOrdinalsAtOrAboveThePartitionAndCountsThatRolloutComplete()
    {
        var image = await Registries.PushPublicAsync("partitioned");
        var statefulSet = SampleWorkloads.StatefulSet(Shop, "db", Replicas, ("db", image.Reference));
        statefulSet.Spec.UpdateStrategy = new V1StatefulSetUpdateStrategy
        {
            Type = "RollingUpdate",
            RollingUpdate = new V1RollingUpdateStatefulSetStrategy { Partition = 2 },
        };
        await Cluster.CreateAsync(statefulSet);
        var options = new OperatorHarnessOptions { StatefulSetPodRolloutTimeout = TimeSpan.FromSeconds(4) };
        await using var replica = await OperatorHarness.StartAsync(Cluster, options);

        await Cluster.WaitForStatefulSetImagesAsync(Shop, "db", Registries.MirrorOf(image));
        await WaitForOrdinalsAsync("db", ordinal => ordinal >= 2 ? Registries.MirrorOf(image) : image.Reference, "db-2 runs the copy, db-0 and db-1 the original");

        // Counted without the partition (3 ordinals to update), the rollout would never finish and be reverted after 3 × 4 s.
        var rewrittenAt = DateTimeOffset.Parse((await Cluster.StatefulSetAsync(Shop, "db")).Metadata.Annotations["imageclone.io/rewritten-at"], CultureInfo.InvariantCulture);
        var pastEveryLimit = rewrittenAt + (options.StatefulSetPodRolloutTimeout * Replicas) + TimeSpan.FromSeconds(1);
        await Wait.UntilAsync(() => DateTimeOffset.UtcNow > pastEveryLimit, "the rollout time limit of three ordinals has passed", TimeSpan.FromSeconds(30));
        await TouchAndWaitForAReconcileAsync(replica, "db");

        (await Cluster.EventsAsync(Shop, "db", "RewriteReverted")).Should().BeEmpty("the ordinals at or above the partition are updated: the rollout is complete");
        (await Cluster.StatefulSetImagesAsync(Shop, "db")).Should().Equal(Registries.MirrorOf(image));
        Cluster.WritesTo("statefulsets", Shop, "db").Should().ContainSingle();
    }

    [Test]
    public async Task Operator_StatefulSetScaledUpLongAfterItsRewriteRolledOut_IsNotRevertedForTheRolloutTimeLimit()
    {
        var image = await Registries.PushPublicAsync("db-scaled");
        await Cluster.CreateAsync(SampleWorkloads.StatefulSet(Shop, "db", 1, ("db", image.Reference)));
        var options = new OperatorHarnessOptions { StatefulSetPodRolloutTimeout = TimeSpan.FromSeconds(1) };
        await using var replica = await OperatorHarness.StartAsync(Cluster, options);
        await Cluster.WaitForStatefulSetImagesAsync(Shop, "db", Registries.MirrorOf(image));
        await Wait.UntilAsync(async () => (await Cluster.StatefulSetAsync(Shop, "db")).Status is { ReadyReplicas: 1, UpdatedReplicas: 1 } s && s.CurrentRevision == s.UpdateRevision,
            () => "the rewrite rolled out", TimeSpan.FromSeconds(60));
        await TouchAndWaitForAReconcileAsync(replica, "db");
        var rewrittenAt = DateTimeOffset.Parse((await Cluster.StatefulSetAsync(Shop, "db")).Metadata.Annotations["imageclone.io/rewritten-at"], CultureInfo.InvariantCulture);
        await Wait.UntilAsync(() => DateTimeOffset.UtcNow > rewrittenAt + (options.StatefulSetPodRolloutTimeout * 2) + TimeSpan.FromSeconds(1),
            "the rollout time limit of the scaled-up StatefulSet has passed", TimeSpan.FromSeconds(30));

        Cluster.Kube.HoldRollout(Shop, "db");
        await Cluster.Kube.Admin.AppsV1.PatchNamespacedStatefulSetAsync(new V1Patch("""{"spec":{"replicas":2}}""", V1Patch.PatchType.MergePatch), "db", Shop);
        await Wait.UntilAsync(async () => (await Cluster.StatefulSetAsync(Shop, "db")) is { Status: { } s } set
                && s.ObservedGeneration == set.Metadata.Generation && s.ReadyReplicas.GetValueOrDefault() == 0,
            () => "the scale-up to 2 is observed, with db-0 held not Ready (so db-1 waits)");
        await TouchAndWaitForAReconcileAsync(replica, "db");

        (await Cluster.EventsAsync(Shop, "db", "RewriteReverted")).Should().BeEmpty("the rollout of the rewrite finished long ago; a later scale-up is not it");
        (await Cluster.StatefulSetImagesAsync(Shop, "db")).Should().Equal(Registries.MirrorOf(image));
        Cluster.Kube.ReleaseRollout(Shop, "db");
    }

    [Test]
    public async Task Operator_StatefulSetsNewPodCannotPullTheCopy_RevertsItAndItsOrdinalsAreReadyAgain()
    {
        var image = await Registries.PushPublicAsync("db-unpullable");
        await Cluster.CreateAsync(SampleWorkloads.StatefulSet(Shop, "db", Replicas, ("db", image.Reference)));
        await WaitForOrdinalsAsync("db", _ => image.Reference, "all three ordinals run the original");
        Cluster.Kube.BlockPulls(Registries.Repository, "dial tcp: connect: connection refused (the nodes cannot reach the mirror)");
        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForEventAsync(Shop, "db", "RewriteReverted");
        (await Cluster.StatefulSetImagesAsync(Shop, "db")).Should().Equal(image.Reference);
        (await Cluster.StatefulSetAsync(Shop, "db")).Metadata.Annotations[ImageMirror.RewriteFailedAnnotation].Should().Contain("db-2").And.Contain("ErrImagePull");

        await WaitForOrdinalsAsync("db", _ => image.Reference, "db-2, stuck on the copy, was replaced and every ordinal runs the original again");
        (await Cluster.EventsAsync(Shop, "db", "StuckPodDeleted")).Should().ContainSingle().Which.Message.Should().Contain("db-2");
        Cluster.Kube.Requests.Where(r => r.Verb == "delete" && r.Resource == "pods" && r.Namespace == Shop).Select(r => (r.Name, r.StatusCode))
            .Should().Equal([("db-2", 200)], "only the stuck pod is deleted, by the operator under its role");
        Cluster.WritesTo("statefulsets", Shop, "db").Where(w => w.StatusCode == 200).Should().HaveCount(2, "the rewrite and its revert");
        (await replica.MetricsAsync()).Should().Contain("imageclone_rewrites_reverted_total{kind=\"StatefulSet\"}");
    }

    [Test]
    public async Task Operator_OnDeleteStatefulSet_IsRewrittenWithoutReplacingItsPodsAndADeletedPodComesBackOnTheCopy()
    {
        var image = await Registries.PushPublicAsync("db-on-delete");
        var statefulSet = SampleWorkloads.StatefulSet(Shop, "db", Replicas, ("db", image.Reference));
        statefulSet.Spec.UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = "OnDelete" };
        await Cluster.CreateAsync(statefulSet);
        await WaitForOrdinalsAsync("db", _ => image.Reference, "all three ordinals run the original");
        var before = (await Cluster.Kube.PodsAsync(Shop, "db")).Select(p => p.Metadata.Uid).ToHashSet();
        var options = new OperatorHarnessOptions { StatefulSetPodRolloutTimeout = TimeSpan.FromSeconds(1) };
        await using var replica = await OperatorHarness.StartAsync(Cluster, options);

        await Cluster.WaitForStatefulSetImagesAsync(Shop, "db", Registries.MirrorOf(image));
        await Cluster.Kube.Admin.CoreV1.DeleteNamespacedPodAsync("db-1", Shop);
        await WaitForOrdinalsAsync("db", ordinal => ordinal == 1 ? Registries.MirrorOf(image) : image.Reference, "the deleted db-1 came back on the copy, the others run on");
        var rewrittenAt = DateTimeOffset.Parse((await Cluster.StatefulSetAsync(Shop, "db")).Metadata.Annotations["imageclone.io/rewritten-at"], CultureInfo.InvariantCulture);
        await Wait.UntilAsync(() => DateTimeOffset.UtcNow > rewrittenAt + (options.StatefulSetPodRolloutTimeout * Replicas) + TimeSpan.FromSeconds(1),
            "the rollout time limit of three ordinals has passed", TimeSpan.FromSeconds(30));
        await TouchAndWaitForAReconcileAsync(replica, "db");

        (await Cluster.Kube.PodsAsync(Shop, "db")).Where(p => p.Metadata.Name != "db-1").Select(p => p.Metadata.Uid)
            .Should().BeSubsetOf(before, "an OnDelete StatefulSet's pods are not replaced by the rewrite");
        (await Cluster.EventsAsync(Shop, "db", "RewriteReverted")).Should().BeEmpty("an OnDelete rollout has no end to miss");
        (await Cluster.StatefulSetImagesAsync(Shop, "db")).Should().Equal(Registries.MirrorOf(image));
    }

    [Test]
    public async Task Operator_StatefulSetWithVolumeClaimTemplates_IsRewrittenWithEveryOtherFieldOfItsSpecUnchanged()
    {
        var image = await Registries.PushPublicAsync("db-volumes");
        var statefulSet = SampleWorkloads.StatefulSet(Shop, "db", 1, ("db", image.Reference));
        statefulSet.Spec.VolumeClaimTemplates = [BoundVolumes.ClaimTemplate("data")];
        statefulSet.Spec.Template.Spec.Containers[0].VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = "/var/lib/db" }];
        await Cluster.Kube.EnsureNamespaceAsync(Shop);
        await using var volume = await BoundVolumes.CreateAsync(Cluster.Kube.Admin, Shop, "data-db-0");
        var created = await Cluster.CreateAsync(statefulSet);
        await Wait.UntilAsync(async () => (await Cluster.StatefulSetAsync(Shop, "db")).Status?.ReadyReplicas == 1, () => "db-0 runs with its claim", TimeSpan.FromSeconds(60));
        var specBefore = SpecWithoutImagesAndPullSecrets(await Cluster.StatefulSetAsync(Shop, "db"));
        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForStatefulSetImagesAsync(Shop, "db", Registries.MirrorOf(image));
        await Wait.UntilAsync(async () => (await Cluster.Kube.PodsAsync(Shop, "db")).SingleOrDefault(p => p.Metadata.DeletionTimestamp is null) is { } pod
                && pod.Spec.Containers[0].Image == Registries.MirrorOf(image) && pod.Status?.ContainerStatuses?.SingleOrDefault()?.Ready == true,
            () => "db-0 runs the copy", TimeSpan.FromSeconds(60));

        var rewritten = await Cluster.StatefulSetAsync(Shop, "db");
        SpecWithoutImagesAndPullSecrets(rewritten).Should().Be(specBefore, "the rewrite changes the container images (and pull secrets) only");
        rewritten.Spec.VolumeClaimTemplates.Should().ContainSingle().Which.Metadata.Name.Should().Be("data");
        (await Cluster.Kube.Admin.CoreV1.ReadNamespacedPersistentVolumeClaimAsync("data-db-0", Shop)).Metadata.Uid.Should().Be(volume.ClaimUid, "db-0 keeps its claim");
        (await Cluster.Kube.PodsAsync(Shop, "db")).Single(p => p.Metadata.DeletionTimestamp is null).Spec.Volumes
            .Should().Contain(v => v.Name == "data" && v.PersistentVolumeClaim.ClaimName == "data-db-0");
        created.Metadata.Uid.Should().Be(rewritten.Metadata.Uid);
    }

    [Test]
    public async Task Operator_DryRun_ReportsWhatItWouldRewriteInAStatefulSetWithoutWriting()
    {
        var image = await Registries.PushPublicAsync("db-dry");
        await Cluster.CreateAsync(SampleWorkloads.StatefulSet(Shop, "db", 1, ("db", image.Reference)));
        await using var replica = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions().WithEnvironment("DRY_RUN", "true"));

        await Cluster.WaitForEventAsync(Shop, "db", "WouldRewrite");

        (await Cluster.EventsAsync(Shop, "db", "WouldRewrite")).Single().Message.Should().Contain(Registries.MirrorOf(image));
        Cluster.AcceptedWorkloadWrites().Should().BeEmpty();
        (await Cluster.StatefulSetImagesAsync(Shop, "db")).Should().Equal(image.Reference);
    }

    [Test]
    public async Task Operator_OptedOutStatefulSet_IsLeftUntouchedWhileAnotherIsRewritten()
    {
        var image = await Registries.PushPublicAsync("db-opt-out");
        var optedOut = SampleWorkloads.StatefulSet(Shop, "opted-out", 1, ("db", image.Reference));
        optedOut.Metadata.Annotations = new Dictionary<string, string> { [ImageMirror.SkipAnnotation] = "true" };
        await Cluster.CreateAsync(optedOut);
        await Cluster.CreateAsync(SampleWorkloads.StatefulSet(Shop, "witness", 1, ("db", image.Reference)));
        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForStatefulSetImagesAsync(Shop, "witness", Registries.MirrorOf(image));
        await Wait.UntilAsync(() => replica.Logs.Any(l => l.Message.StartsWith("Skipped: annotated", StringComparison.Ordinal)
                && l.Scopes.Any(s => s.Contains($"StatefulSet/{Shop}/opted-out", StringComparison.Ordinal))),
            "the opted-out StatefulSet was reconciled and skipped");

        (await Cluster.StatefulSetImagesAsync(Shop, "opted-out")).Should().Equal(image.Reference);
        Cluster.WritesTo("statefulsets", Shop, "opted-out").Should().BeEmpty();
        (await replica.MetricsAsync()).Should().Contain("imageclone_workloads_skipped_total{kind=\"StatefulSet\"}");
    }

    [Test]
    public async Task Operator_StatefulSetSetBackToItsOriginalByArgoCd_IsNotRewrittenAgain()
    {
        var image = await Registries.PushPublicAsync("db-synced");
        await Cluster.CreateAsync(SampleWorkloads.StatefulSet(Shop, "db", 1, ("db", image.Reference)));
        await using var replica = await OperatorHarness.StartAsync(Cluster);
        await Cluster.WaitForStatefulSetImagesAsync(Shop, "db", Registries.MirrorOf(image));
        await Cluster.WaitForAcceptedWriteAsync("statefulsets", Shop, "db");

        await Cluster.Kube.Admin.AppsV1.PatchNamespacedStatefulSetAsync(
            new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"db","image":"IMAGE"}]}}}}""".Replace("IMAGE", image.Reference, StringComparison.Ordinal), V1Patch.PatchType.StrategicMergePatch),
            "db", Shop, fieldManager: "argocd-controller");
        await Cluster.WaitForEventAsync(Shop, "db", "ImageSetBack");
        await TouchAndWaitForAReconcileAsync(replica, "db");

        (await Cluster.EventsAsync(Shop, "db", "ImageSetBack"))[0].Message.Should().Contain("argocd-controller (Argo CD)");
        (await Cluster.StatefulSetImagesAsync(Shop, "db")).Should().Equal(image.Reference);
        Cluster.WritesTo("statefulsets", Shop, "db").Should().ContainSingle("the set-back is not rewritten again");
    }

    /// <summary>
    /// Waits until the StatefulSet has rolled out completely on its three ordinals (observed, all ready and updated,
    /// <c>currentRevision == updateRevision</c> unless partitioned or OnDelete) and each ordinal's pod is Ready with the expected image.
    /// </summary>
    private Task WaitForOrdinalsAsync(string name, Func<int, string> imageOf, string what) =>
        Wait.UntilAsync(async () =>
            {
                var set = await Cluster.StatefulSetAsync(Shop, name);
                var partly = set.Spec.UpdateStrategy?.RollingUpdate?.Partition is > 0 || set.Spec.UpdateStrategy?.Type == "OnDelete";
                if (set.Status is not { } s || s.ObservedGeneration != set.Metadata.Generation || s.ReadyReplicas != Replicas
                    || (!partly && (s.UpdatedReplicas != Replicas || s.CurrentRevision != s.UpdateRevision)))
                {
                    return false;
                }

                var pods = (await Cluster.Kube.PodsAsync(Shop, name)).Where(p => p.Metadata.DeletionTimestamp is null).ToList();
                return pods.Count == Replicas && Enumerable.Range(0, Replicas).All(ordinal => pods.Any(p => p.Metadata.Name == $"{name}-{ordinal}"
                    && p.Spec.Containers[0].Image == imageOf(ordinal) && p.Status?.ContainerStatuses?.SingleOrDefault()?.Ready == true));
            },
            () => $"StatefulSet {Shop}/{name}: {what}", TimeSpan.FromSeconds(90));

    /// <summary>The StatefulSet's spec as JSON without its containers' images and pull secrets: what the rewrite must not change.</summary>
    private static string SpecWithoutImagesAndPullSecrets(V1StatefulSet statefulSet)
    {
        var spec = KubernetesJson.Deserialize<V1StatefulSetSpec>(KubernetesJson.Serialize(statefulSet.Spec));
        spec.Template.Spec.Containers.ToList().ForEach(c => c.Image = null);
        spec.Template.Spec.ImagePullSecrets = null;
        return KubernetesJson.Serialize(spec);
    }

    /// <summary>
    /// Touches the StatefulSet and waits until the operator has reconciled it again: a converged rewrite logs the re-check
    /// of its copies, a reverted one that it is skipped, a rollout reverted now the revert, a set-back one the set-back,
    /// one still rolling out that it follows it.
    /// </summary>
    private async Task TouchAndWaitForAReconcileAsync(OperatorHarness replica, string name)
    {
        var key = $"StatefulSet/{Shop}/{name}";
        string[] reconciled = ["Re-checked its copies", "Skipped:", "Reverted the rewrite", "Container db runs its original image", "Following the rollout"];
        int Reconciles() => replica.Logs.Count(l => reconciled.Any(m => l.Message.StartsWith(m, StringComparison.Ordinal)) && l.Scopes.Any(s => s.Contains(key, StringComparison.Ordinal)));
        var before = Reconciles();
        await Cluster.Kube.Admin.AppsV1.PatchNamespacedStatefulSetAsync(
            new V1Patch("""{"metadata":{"annotations":{"example.com/touched":"yes"}}}""", V1Patch.PatchType.MergePatch), name, Shop);
        await Wait.UntilAsync(() => Reconciles() > before, $"the touched StatefulSet {name} was reconciled again");
    }
}
