using ImageClone.Tests.Support.Kube;
using k8s;
using k8s.Models;

namespace ImageClone.Tests.EndToEnd;

/// <summary>
/// GitOps and reverts: when a tool sets a rewritten workload's original image back, the operator does not rewrite it
/// again (two rollouts per sync, forever) but says who set it back and the ways out.
/// </summary>
[TestFixture]
internal sealed class SetBackTests : ClusterTest
{
    private OperatorHarness? _replica;

    [Test]
    public async Task Operator_ArgoCdSetsTheOriginalBack_DoesNotRewriteAgainAndNamesIt()
    {
        var (image, copy) = await RewrittenAsync("synced");

        await Cluster.Kube.Admin.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"IMAGE"}]}}}}""".Replace("IMAGE", image, StringComparison.Ordinal), V1Patch.PatchType.StrategicMergePatch),
            "synced", Shop, fieldManager: "argocd-controller");

        await Cluster.WaitForEventAsync(Shop, "synced", "ImageSetBack");
        var warning = (await Cluster.EventsAsync(Shop, "synced", "ImageSetBack"))[0];
        warning.Type.Should().Be("Warning");
        warning.Message.Should().Contain("argocd-controller (Argo CD)").And.Contain(copy).And.Contain("imageclone.io/skip");
        await AssertNotRewrittenAgainAsync("synced", image);
    }

    [Test]
    public async Task Operator_KubectlSetImageBack_DoesNotRewriteAgainAndNamesKubectl()
    {
        var (image, _) = await RewrittenAsync("hand-edited");

        var kubeconfig = Cluster.Kube.Plane.WriteKubeconfig(ControlPlaneUsers.Admin);
        var set = await KubectlRunner.RunAsync(kubeconfig, TimeSpan.FromSeconds(30), "-n", Shop, "set", "image", "deployment/hand-edited", $"app={image}");
        set.ExitCode.Should().Be(0, set.Error);

        await Cluster.WaitForEventAsync(Shop, "hand-edited", "ImageSetBack");
        (await Cluster.EventsAsync(Shop, "hand-edited", "ImageSetBack"))[0].Message.Should().Contain("(kubectl)");
        await AssertNotRewrittenAgainAsync("hand-edited", image);
    }

    private async Task<(string Image, string Copy)> RewrittenAsync(string name)
    {
        var image = await Registries.PushPublicAsync(name);
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, name, ("app", image.Reference)));
        _replica = await OperatorHarness.StartAsync(Cluster);
        await Cluster.WaitForDeploymentImagesAsync(Shop, name, Registries.MirrorOf(image));
        await Cluster.WaitForAcceptedWriteAsync("deployments", Shop, name);
        return (image.Reference, Registries.MirrorOf(image));
    }

    /// <summary>Touched again after the Warning (a MODIFIED event: another reconcile), it still runs the original, written once.</summary>
    private async Task AssertNotRewrittenAgainAsync(string name, string image)
    {
        await Cluster.Kube.Admin.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"metadata":{"annotations":{"example.com/synced":"again"}}}""", V1Patch.PatchType.MergePatch), name, Shop);
        await Wait.UntilAsync(() => _replica!.Logs.Count(l => l.Message.Contains("set back", StringComparison.Ordinal)) >= 2,
            () => "the touched workload was reconciled again and seen as set back");
        (await Cluster.DeploymentImagesAsync(Shop, name)).Should().Equal(image);
        Cluster.WritesTo("deployments", Shop, name).Count(w => w.StatusCode == 200).Should().Be(1, "only the first rewrite");
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
