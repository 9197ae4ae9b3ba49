using ImageClone.Tests.Support;
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

    private OperatorHarness? _replica;

    [Test]
    public async Task Operator_CopyDeletedFromTheMirror_IsCopiedAgainByTheRecheckBeforeAnyRestart()
    {
        var (image, copy) = await RewrittenAndRolledOutAsync("vanishing", replicas: 1, FrequentRecheck);

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
        var (image, copy) = await RewrittenAndRolledOutAsync("lost", replicas: 1, FrequentRecheck);

        await EndToEndRegistries.DeleteManifestAsync(copy, EndToEndRegistries.TargetUser, Registries.TargetPassword);
        await EndToEndRegistries.DeleteManifestAsync(image.DigestReference);

        await Cluster.WaitForEventAsync(Shop, "lost", "CopyMissing");
        var warning = (await Cluster.EventsAsync(Shop, "lost", "CopyMissing"))[0];
        warning.Type.Should().Be("Warning");
        warning.Message.Should().Contain(copy).And.Contain(image.Reference);
        (await _replica!.MetricsAsync()).Should().MatchRegex("imageclone_copies_missing_total [1-9]");
    }

    [Test]
    public async Task Operator_CopyDeletedThenAPodRestartsOnANodeWithoutIt_RevertsAndLeavesNothingStranded()
    {
        var (image, copy) = await RewrittenAndRolledOutAsync("restarted", replicas: 2, new OperatorHarnessOptions());

        await EndToEndRegistries.DeleteManifestAsync(copy, EndToEndRegistries.TargetUser, Registries.TargetPassword);
        Cluster.Kube.Plane.Nodes.ClearImageStores();
        await Cluster.Kube.Admin.CoreV1.DeleteNamespacedPodAsync((await Cluster.Kube.PodsAsync(Shop, "restarted"))[0].Metadata.Name, Shop);

        await Cluster.WaitForEventAsync(Shop, "restarted", "RewriteReverted");
        (await Cluster.DeploymentImagesAsync(Shop, "restarted")).Should().Equal(image.Reference);
        await Cluster.WaitForDeploymentRolloutAsync(Shop, "restarted", 2);
    }

    /// <summary>
    /// A Deployment rewritten by an operator run with <paramref name="options"/>, once its rollout onto the copy is
    /// complete (so the nodes pulled the copy before a test takes it away).
    /// </summary>
    private async Task<(PushedImage Image, string Copy)> RewrittenAndRolledOutAsync(string name, int replicas, OperatorHarnessOptions options)
    {
        var image = await Registries.PushPublicAsync(name);
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, name, replicas, initContainers: [], ("app", image.Reference)));
        _replica = await OperatorHarness.StartAsync(Cluster, options);
        await Cluster.WaitForDeploymentImagesAsync(Shop, name, Registries.MirrorOf(image));
        await Cluster.WaitForDeploymentRolloutAsync(Shop, name, replicas);
        return (image, Registries.MirrorOf(image));
    }

    [TearDown]
    public async Task StopOperatorAsync()
    {
        if (_replica is not null)
        {
            await _replica.DisposeAsync();
            _replica = null;
        }
    }
}
