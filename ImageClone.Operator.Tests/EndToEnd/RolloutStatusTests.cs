using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.EndToEnd;

/// <summary>
/// The rollout a rewrite starts, as a user watches it with <c>kubectl rollout status</c>: with pull access to the
/// mirror the new pods pull the copy from the target, and the rollout completes on the copy's digest.
/// </summary>
[TestFixture]
internal sealed class RolloutStatusTests : ClusterTest
{
    [Test]
    public async Task KubectlRolloutStatus_RewrittenWorkloadWithPullAccessToTheMirror_CompletesOnTheCopy()
    {
        var image = await Registries.PushPublicAsync("watched", multiPlatform: true);
        await Cluster.CreateAsync(PullSecrets.DockerConfigJson(Shop, "mirror-login", Registries.Target.Host, EndToEndRegistries.TargetUser, Registries.TargetPassword));
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "watched", replicas: 2, initContainers: [], ("app", image.Reference)).WithPullSecret("mirror-login"));
        await using var replica = await OperatorHarness.StartAsync(Cluster);
        await Cluster.WaitForDeploymentImagesAsync(Shop, "watched", Registries.MirrorOf(image));

        var kubeconfig = Cluster.Kube.Plane.WriteKubeconfig(ControlPlaneUsers.Admin);
        var status = await KubectlRunner.RunAsync(kubeconfig, TimeSpan.FromSeconds(90), "-n", Shop, "rollout", "status", "deployment/watched", "--timeout=80s");

        status.ExitCode.Should().Be(0, $"the rollout completes: {status.Output}{status.Error}");
        status.Output.Should().Contain("successfully rolled out");
        var pods = await Cluster.Kube.PodsAsync(Shop, "watched");
        var copy = Registries.MirrorOf(image);
        var copyImageId = $"{copy[..copy.LastIndexOf(':', copy.IndexOf('@', StringComparison.Ordinal))]}@{image.Digest}";
        pods.Where(p => p.Metadata.DeletionTimestamp is null).Should().HaveCount(2)
            .And.OnlyContain(p => p.Spec.Containers[0].Image == copy && p.Status.ContainerStatuses[0].ImageID == copyImageId, "the pods run the copy, pulled from the target");
    }
}
