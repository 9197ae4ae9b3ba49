using ImageClone.Tests.Support.Kube;
using k8s;

namespace ImageClone.Tests.EndToEnd;

/// <summary>
/// A copy that vanishes from the mirror after the rewrite (garbage collection, a cleanup job): the periodic re-check
/// copies it again before a restart needs it, or warns when the source lost it too; and a restart that meets the
/// missing copy first is reverted, leaving nothing stranded.
/// </summary>
[TestFixture]
internal sealed class VanishedCopyTests : ClusterTest
{
    private static readonly OperatorHarnessOptions FrequentRecheck = new() { RecheckInterval = TimeSpan.FromSeconds(1) };

    [Test]
    public async Task Operator_CopyDeletedFromTheMirror_IsCopiedAgainByTheRecheckBeforeAnyRestart()
    {
        var image = await Registries.PushPublicAsync("vanishing");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "vanishing", ("app", image.Reference)));
        await using var replica = await OperatorHarness.StartAsync(Cluster, FrequentRecheck);
        var copy = Registries.MirrorOf(image);
        await Cluster.WaitForDeploymentImagesAsync(Shop, "vanishing", copy);
        await WaitForRolloutAsync("vanishing", 1);

        await EndToEndRegistries.DeleteManifestAsync(copy, EndToEndRegistries.TargetUser, Registries.TargetPassword);
        (await Registries.TargetHasAsync(copy[..copy.IndexOf('@', StringComparison.Ordinal)])).Should().BeFalse("the copy is gone");
        var byDigest = copy[..copy.LastIndexOf(':', copy.IndexOf('@', StringComparison.Ordinal))] + copy[copy.IndexOf('@', StringComparison.Ordinal)..];
        (await Registries.TargetHasAsync(byDigest)).Should().BeFalse("the copy is gone by digest too");

        await Cluster.WaitForEventAsync(Shop, "vanishing", "CopyRestored");
        (await Registries.TargetDigestOfTagAsync(copy)).Should().Be(image.Digest, "the copy is back, tag and digest");
        Cluster.WritesTo("deployments", Shop, "vanishing").Count(w => w.StatusCode == 200).Should().Be(1, "the workload itself is not touched");
    }

    [Test]
    public async Task Operator_CopyAndSourceBothGone_WarnsBeforeARestartFindsOut()
    {
        var image = await Registries.PushPublicAsync("lost");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "lost", ("app", image.Reference)));
        await using var replica = await OperatorHarness.StartAsync(Cluster, FrequentRecheck);
        var copy = Registries.MirrorOf(image);
        await Cluster.WaitForDeploymentImagesAsync(Shop, "lost", copy);
        await WaitForRolloutAsync("lost", 1);

        await EndToEndRegistries.DeleteManifestAsync(copy, EndToEndRegistries.TargetUser, Registries.TargetPassword);
        await EndToEndRegistries.DeleteManifestAsync(image.DigestReference);

        await Cluster.WaitForEventAsync(Shop, "lost", "CopyMissing");
        var warning = (await Cluster.EventsAsync(Shop, "lost", "CopyMissing"))[0];
        warning.Type.Should().Be("Warning");
        warning.Message.Should().Contain(copy).And.Contain(image.Reference);
        (await replica.MetricsAsync()).Should().MatchRegex("imageclone_copies_missing_total [1-9]");
    }

    [Test]
    public async Task Operator_CopyDeletedThenAPodRestartsOnANodeWithoutIt_RevertsAndLeavesNothingStranded()
    {
        var image = await Registries.PushPublicAsync("restarted");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "restarted", replicas: 2, initContainers: [], ("app", image.Reference)));
        await using var replica = await OperatorHarness.StartAsync(Cluster);
        var copy = Registries.MirrorOf(image);
        await Cluster.WaitForDeploymentImagesAsync(Shop, "restarted", copy);
        await WaitForRolloutAsync("restarted", 2);

        await EndToEndRegistries.DeleteManifestAsync(copy, EndToEndRegistries.TargetUser, Registries.TargetPassword);
        Cluster.Kube.Plane.Nodes.ClearImageStores();
        await Cluster.Kube.Admin.CoreV1.DeleteNamespacedPodAsync((await Cluster.Kube.PodsAsync(Shop, "restarted"))[0].Metadata.Name, Shop);

        await Cluster.WaitForEventAsync(Shop, "restarted", "RewriteReverted");
        (await Cluster.DeploymentImagesAsync(Shop, "restarted")).Should().Equal(image.Reference);
        await WaitForRolloutAsync("restarted", 2);
    }

    /// <summary>Waits until the Deployment's current template has rolled out completely (the nodes pulled the copy before it goes).</summary>
    private Task WaitForRolloutAsync(string name, int replicas) =>
        Wait.UntilAsync(async () => (await Cluster.DeploymentAsync(Shop, name)) is { Status: { } s } d && s.ObservedGeneration == d.Metadata.Generation
                && s.UpdatedReplicas == replicas && s.AvailableReplicas == replicas && s.Replicas == replicas && (s.UnavailableReplicas ?? 0) == 0,
            () => $"{name} has rolled out its template on {replicas} replicas", TimeSpan.FromSeconds(60));
}
