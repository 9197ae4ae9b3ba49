using ImageClone.Tests.Support;
using ImageClone.Tests.Support.Kube;
using ImageClone.Tests.Support.Kube.Nodes;
using k8s;
using k8s.Models;

namespace ImageClone.Tests.EndToEnd;

/// <summary>
/// The pin names what the source tag names — the whole index of a multi-arch image — whatever image ID form the nodes'
/// runtime reports (containerd: the index; CRI-O: the node's platform manifest, or after a restart a bare config ID), and
/// the mirror's tag never holds less than the source tag's whole content. A tag that moved on since the pods started
/// is pinned to what runs only when every node the workload can run on shares its platform.
/// </summary>
[TestFixture]
internal sealed class ExactPinTests : ClusterTest
{
    [TestCase("cri-o")]
    [TestCase("cri-o-config-id")]
    [TestCase("containerd")]
    public async Task Operator_MultiArchImageOnAmd64Nodes_PinsTheIndexAndAnArm64PodRunsTheCopy(string runtime)
    {
        var ns = await RuntimeNamespaceAsync(runtime);
        var image = await Registries.PushPublicAsync("multi-arch", multiPlatform: true);
        var deployment = SampleWorkloads.Deployment(ns, "web", replicas: 2, initContainers: [], ("app", image.Reference));
        deployment.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["kubernetes.io/arch"] = "amd64" };
        await Cluster.CreateAsync(deployment);
        await Cluster.WaitForDeploymentRolloutAsync(ns, "web", 2);
        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync(ns, "web", Registries.MirrorOf(image));
        (await Registries.TargetDigestOfTagAsync(Registries.MirrorOf(image))).Should().Be(image.Digest, "the mirror's tag holds the whole index");
        (await RewrittenEventAsync(ns, "web")).Message.Should().NotContain("pinned what", "what the pods run is part of the tag");
        await Cluster.WaitForDeploymentRolloutAsync(ns, "web", 2);

        await MoveToArm64Async(ns, "web");
        await Wait.UntilAsync(async () => (await Cluster.Kube.PodsAsync(ns, "web")).Any(pod => pod.Spec.NodeName == "node-arm64-a"
                && pod.Status?.ContainerStatuses?.SingleOrDefault() is { Ready: true, Image: var running } && running == Registries.MirrorOf(image)),
            () => $"a pod on the arm64 node runs the copy (last node failure: {Cluster.Kube.Plane.Nodes.LastFailure})", TimeSpan.FromSeconds(60));
        (await Cluster.EventsAsync(ns, "web", "RewriteReverted")).Should().BeEmpty();
    }

    [Test]
    public async Task Operator_TagMovedOnAndEveryNodeIsAmd64_PinsWhatRunsAndLeavesTheMirrorTagAlone()
    {
        var ns = await RuntimeNamespaceAsync("cri-o");
        var running = await Registries.PushPublicAsync("moved-on");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(ns, "web", ("app", running.Reference)));
        await Cluster.WaitForDeploymentRolloutAsync(ns, "web", 1);
        var released = await Registries.MoveTagAsync(running);
        released.Reference.Should().Be(running.Reference);
        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync(ns, "web", Registries.MirrorOf(running));
        var rewritten = (await RewrittenEventAsync(ns, "web")).Message;
        rewritten.Should().Contain($"now names {released.Digest}").And.Contain("linux/amd64");
        (await Registries.TargetHasAsync(Registries.MirrorOf(running)[..Registries.MirrorOf(running).IndexOf('@', StringComparison.Ordinal)]))
            .Should().BeFalse("one platform of an older image is pushed by digest only, never under the tag");
        await Cluster.WaitForDeploymentRolloutAsync(ns, "web", 1);
    }

    [Test]
    public async Task Operator_TagMovedOnAndTheWorkloadMayRunOnArm64_PinsWhatTheTagNamesAndSaysSo()
    {
        var ns = await RuntimeNamespaceAsync("cri-o");
        var running = await Registries.PushPublicAsync("moved-on-multi", multiPlatform: true);
        var deployment = SampleWorkloads.Deployment(ns, "web", ("app", running.Reference));
        TolerateArm64(deployment.Spec.Template.Spec);
        deployment.Spec.Template.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                PreferredDuringSchedulingIgnoredDuringExecution =
                [
                    new V1PreferredSchedulingTerm
                    {
                        Weight = 100,
                        Preference = new V1NodeSelectorTerm
                        {
                            MatchExpressions = [new V1NodeSelectorRequirement { Key = "kubernetes.io/arch", OperatorProperty = "In", Values = ["amd64"] }],
                        },
                    },
                ],
            },
        };
        await Cluster.CreateAsync(deployment);
        await Cluster.WaitForDeploymentRolloutAsync(ns, "web", 1);
        var released = await Registries.MoveTagAsync(running, multiPlatform: true);
        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync(ns, "web", Registries.MirrorOf(released));
        var rewritten = (await RewrittenEventAsync(ns, "web")).Message;
        rewritten.Should().Contain("pinned what it names now");
        (await Registries.TargetDigestOfTagAsync(Registries.MirrorOf(released))).Should().Be(released.Digest);
        await Cluster.WaitForDeploymentRolloutAsync(ns, "web", 1);
    }

    [Test]
    public async Task Operator_SourceGoneAndPodsReportAPlatformDigest_PinsTheMirrorsIndexThatHoldsIt()
    {
        var ns = await RuntimeNamespaceAsync("cri-o");
        var image = await Registries.PushPublicAsync("gone-multi", multiPlatform: true);
        var deployment = SampleWorkloads.Deployment(ns, "web", ("app", image.Reference));
        TolerateArm64(deployment.Spec.Template.Spec);
        await Cluster.CreateAsync(deployment);
        await Cluster.WaitForDeploymentRolloutAsync(ns, "web", 1);
        var mirrorTag = Registries.MirrorOf(image)[..Registries.MirrorOf(image).IndexOf('@', StringComparison.Ordinal)];
        await Skopeo.CopyAllAsync(image.Reference, mirrorTag, destinationCreds: $"{EndToEndRegistries.TargetUser}:{Registries.TargetPassword}");
        await EndToEndRegistries.DeleteManifestAsync(image.DigestReference);
        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync(ns, "web", Registries.MirrorOf(image));
        (await RewrittenEventAsync(ns, "web")).Message.Should().Contain("gone").And.Contain("mirror's copy");
        await Cluster.WaitForDeploymentRolloutAsync(ns, "web", 1);
    }

    private async Task<Corev1Event> RewrittenEventAsync(string ns, string name)
    {
        await Cluster.WaitForEventAsync(ns, name, "WorkloadRewritten");
        return (await Cluster.EventsAsync(ns, name, "WorkloadRewritten")).Single();
    }

    private async Task<string> RuntimeNamespaceAsync(string runtime) =>
        await Cluster.Kube.EnsureNamespaceAsync(Cluster.Ns(runtime.Replace("-", "", StringComparison.Ordinal)), new Dictionary<string, string> { [NodeAgent.RuntimeLabel] = runtime });

    private static void TolerateArm64(V1PodSpec spec) =>
        spec.Tolerations = [new V1Toleration { Key = "kubernetes.io/arch", OperatorProperty = "Equal", Value = "arm64", Effect = "NoSchedule" }];

    /// <summary>A user's later change: the workload moves to the arm64 node (selector and toleration), keeping the rewritten image.</summary>
    private async Task MoveToArm64Async(string ns, string name)
    {
        var deployment = await Cluster.DeploymentAsync(ns, name);
        deployment.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["kubernetes.io/arch"] = "arm64" };
        TolerateArm64(deployment.Spec.Template.Spec);
        deployment.Spec.Replicas = 1;
        await Cluster.Kube.Admin.AppsV1.ReplaceNamespacedDeploymentAsync(deployment, name, ns);
    }
}
