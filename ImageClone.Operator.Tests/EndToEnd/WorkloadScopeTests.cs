using ImageClone.Mirroring;
using ImageClone.Tests.Support.FakeKube;
using k8s.Models;

namespace ImageClone.Tests.EndToEnd;

/// <summary>Which workloads the operator mirrors and rewrites (issue #3), end to end against real registries.</summary>
[TestFixture]
internal sealed class WorkloadScopeTests : ClusterTest
{
    [Test]
    public async Task Operator_WorkloadsInSeveralNamespaces_RewritesEligibleOnesToTheirCopiesWithTheSourceDigest()
    {
        var web = await Registries.PushPublicAsync("web", multiPlatform: true);
        var agent = await Registries.PushPublicAsync("agent");
        Cluster.Server.Create(SampleWorkloads.Deployment("shop", "web", ("web", web.Reference)));
        Cluster.Server.Create(SampleWorkloads.DaemonSet("ops", "agent", ("agent", agent.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync("shop", "web", Registries.MirrorOf(web));
        await Cluster.WaitForDaemonSetImagesAsync("ops", "agent", Registries.MirrorOf(agent));
        (await Registries.TargetDigestOfTagAsync(Registries.MirrorOf(web))).Should().Be(web.Digest);
        (await Registries.TargetDigestOfTagAsync(Registries.MirrorOf(agent))).Should().Be(agent.Digest);
    }

    [Test]
    public async Task Operator_RewrittenWorkload_RecordsTheOriginalImagesInItsAnnotation()
    {
        var web = await Registries.PushPublicAsync("annotated");
        Cluster.Server.Create(SampleWorkloads.Deployment("shop", "annotated", ("web", web.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync("shop", "annotated", Registries.MirrorOf(web));
        await Cluster.WaitForEventAsync("shop", "annotated", "WorkloadRewritten");
        var annotation = Cluster.Deployment("shop", "annotated").Metadata.Annotations[OriginalImages.AnnotationName];
        annotation.Should().Contain(web.Reference).And.Contain("web");
        Cluster.Events("shop", "annotated", "WorkloadRewritten").Should().ContainSingle();
    }

    [Test]
    public async Task Operator_WorkloadsInKubeSystemAndTheControllerNamespace_LeavesThemUntouched()
    {
        var image = await Registries.PushPublicAsync("system");
        Cluster.Server.Create(SampleWorkloads.Deployment("kube-system", "dns", ("dns", image.Reference)));
        Cluster.Server.Create(SampleWorkloads.DaemonSet(EndToEndCluster.ControllerNamespace, "own", ("own", image.Reference)));
        Cluster.Server.Create(SampleWorkloads.Deployment("shop", "witness", ("web", image.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync("shop", "witness", Registries.MirrorOf(image));
        Cluster.DeploymentImages("kube-system", "dns").Should().Equal(image.Reference);
        Cluster.DaemonSetImages(EndToEndCluster.ControllerNamespace, "own").Should().Equal(image.Reference);
        Cluster.WritesTo("deployments", "kube-system", "dns").Should().BeEmpty();
        Cluster.WritesTo("daemonsets", EndToEndCluster.ControllerNamespace, "own").Should().BeEmpty();
    }

    [Test]
    public async Task Operator_WorkloadOptedOut_LeavesItUntouched()
    {
        var image = await Registries.PushPublicAsync("optout");
        var optedOut = SampleWorkloads.Deployment("shop", "opted-out", ("web", image.Reference));
        optedOut.Metadata.Annotations = new Dictionary<string, string> { [ImageMirror.SkipAnnotation] = "true" };
        Cluster.Server.Create(optedOut);
        Cluster.Server.Create(SampleWorkloads.Deployment("shop", "witness", ("web", image.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync("shop", "witness", Registries.MirrorOf(image));
        Cluster.DeploymentImages("shop", "opted-out").Should().Equal(image.Reference);
        Cluster.WritesTo("deployments", "shop", "opted-out").Should().BeEmpty();
    }

    [Test]
    public async Task Operator_ImageAlreadyUnderTheRepository_LeavesItAloneAndRewritesTheOthers()
    {
        var mirrored = await Registries.PushPublicAsync("premirrored");
        var other = await Registries.PushPublicAsync("sidecar");
        var alreadyThere = Registries.MirrorOf(mirrored);
        Cluster.Server.Create(SampleWorkloads.Deployment("shop", "mixed", ("app", alreadyThere), ("sidecar", other.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync("shop", "mixed", alreadyThere, Registries.MirrorOf(other));
        (await Registries.TargetHasAsync(alreadyThere[..alreadyThere.IndexOf('@', StringComparison.Ordinal)])).Should().BeFalse(
            "an image already under REPOSITORY is not copied again (here it was never pushed there)");
    }

    [Test]
    public async Task Operator_InitContainers_AreMirroredAndRewritten()
    {
        var init = await Registries.PushPublicAsync("init");
        var app = await Registries.PushPublicAsync("app");
        Cluster.Server.Create(SampleWorkloads.Deployment("shop", "with-init", replicas: 2, initContainers: [("setup", init.Reference)], ("app", app.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync("shop", "with-init", Registries.MirrorOf(init), Registries.MirrorOf(app));
        (await Registries.TargetDigestOfTagAsync(Registries.MirrorOf(init))).Should().Be(init.Digest);
    }
}
