using ImageClone.Mirroring;
using ImageClone.Tests.Support.FakeKube;
using k8s.Models;

namespace ImageClone.Tests.EndToEnd;

/// <summary>Which workloads the operator mirrors and rewrites (issue #3), end to end against real registries.</summary>
[TestFixture]
internal sealed class WorkloadScopeTests
{
    private EndToEndCluster _cluster = null!;

    private static EndToEndRegistries Registries => EndToEndSetUp.Registries;

    [SetUp]
    public async Task StartClusterAsync() => _cluster = await EndToEndCluster.StartAsync(Registries);

    [TearDown]
    public async Task StopClusterAsync() => await _cluster.DisposeAsync();

    [Test]
    public async Task Operator_WorkloadsInSeveralNamespaces_RewritesEligibleOnesToTheirCopiesWithTheSourceDigest()
    {
        var web = await Registries.PushPublicAsync("web", multiPlatform: true);
        var agent = await Registries.PushPublicAsync("agent");
        _cluster.Server.Create(SampleWorkloads.Deployment("shop", "web", ("web", web.Reference)));
        _cluster.Server.Create(SampleWorkloads.DaemonSet("ops", "agent", ("agent", agent.Reference)));

        await using var replica = await OperatorHarness.StartAsync(_cluster);

        await _cluster.WaitForDeploymentImagesAsync("shop", "web", Registries.MirrorOf(web));
        await _cluster.WaitForDaemonSetImagesAsync("ops", "agent", Registries.MirrorOf(agent));
        (await Registries.TargetDigestOfTagAsync(Registries.MirrorOf(web))).Should().Be(web.Digest);
        (await Registries.TargetDigestOfTagAsync(Registries.MirrorOf(agent))).Should().Be(agent.Digest);
    }

    [Test]
    public async Task Operator_RewrittenWorkload_RecordsTheOriginalImagesInItsAnnotation()
    {
        var web = await Registries.PushPublicAsync("annotated");
        _cluster.Server.Create(SampleWorkloads.Deployment("shop", "annotated", ("web", web.Reference)));

        await using var replica = await OperatorHarness.StartAsync(_cluster);

        await _cluster.WaitForDeploymentImagesAsync("shop", "annotated", Registries.MirrorOf(web));
        var annotation = _cluster.Deployment("shop", "annotated").Metadata.Annotations[OriginalImages.AnnotationName];
        annotation.Should().Contain(web.Reference).And.Contain("web");
        _cluster.Events("shop", "annotated", "WorkloadRewritten").Should().ContainSingle();
    }

    [Test]
    public async Task Operator_WorkloadsInKubeSystemAndTheControllerNamespace_LeavesThemUntouched()
    {
        var image = await Registries.PushPublicAsync("system");
        _cluster.Server.Create(SampleWorkloads.Deployment("kube-system", "dns", ("dns", image.Reference)));
        _cluster.Server.Create(SampleWorkloads.DaemonSet(EndToEndCluster.ControllerNamespace, "own", ("own", image.Reference)));
        _cluster.Server.Create(SampleWorkloads.Deployment("shop", "witness", ("web", image.Reference)));

        await using var replica = await OperatorHarness.StartAsync(_cluster);

        await _cluster.WaitForDeploymentImagesAsync("shop", "witness", Registries.MirrorOf(image));
        _cluster.DeploymentImages("kube-system", "dns").Should().Equal(image.Reference);
        _cluster.DaemonSetImages(EndToEndCluster.ControllerNamespace, "own").Should().Equal(image.Reference);
        _cluster.WritesTo("deployments", "kube-system", "dns").Should().BeEmpty();
        _cluster.WritesTo("daemonsets", EndToEndCluster.ControllerNamespace, "own").Should().BeEmpty();
    }

    [Test]
    public async Task Operator_WorkloadOptedOut_LeavesItUntouched()
    {
        var image = await Registries.PushPublicAsync("optout");
        var optedOut = SampleWorkloads.Deployment("shop", "opted-out", ("web", image.Reference));
        optedOut.Metadata.Annotations = new Dictionary<string, string> { [ImageMirror.SkipAnnotation] = "true" };
        _cluster.Server.Create(optedOut);
        _cluster.Server.Create(SampleWorkloads.Deployment("shop", "witness", ("web", image.Reference)));

        await using var replica = await OperatorHarness.StartAsync(_cluster);

        await _cluster.WaitForDeploymentImagesAsync("shop", "witness", Registries.MirrorOf(image));
        _cluster.DeploymentImages("shop", "opted-out").Should().Equal(image.Reference);
        _cluster.WritesTo("deployments", "shop", "opted-out").Should().BeEmpty();
    }

    [Test]
    public async Task Operator_ImageAlreadyUnderTheRepository_LeavesItAloneAndRewritesTheOthers()
    {
        var mirrored = await Registries.PushPublicAsync("premirrored");
        var other = await Registries.PushPublicAsync("sidecar");
        var alreadyThere = Registries.MirrorOf(mirrored);
        _cluster.Server.Create(SampleWorkloads.Deployment("shop", "mixed", ("app", alreadyThere), ("sidecar", other.Reference)));

        await using var replica = await OperatorHarness.StartAsync(_cluster);

        await _cluster.WaitForDeploymentImagesAsync("shop", "mixed", alreadyThere, Registries.MirrorOf(other));
        (await Registries.TargetHasAsync(alreadyThere[..alreadyThere.IndexOf('@', StringComparison.Ordinal)])).Should().BeFalse(
            "an image already under REPOSITORY is not copied again (here it was never pushed there)");
    }

    [Test]
    public async Task Operator_InitContainers_AreMirroredAndRewritten()
    {
        var init = await Registries.PushPublicAsync("init");
        var app = await Registries.PushPublicAsync("app");
        _cluster.Server.Create(SampleWorkloads.Deployment("shop", "with-init", replicas: 2, initContainers: [("setup", init.Reference)], ("app", app.Reference)));

        await using var replica = await OperatorHarness.StartAsync(_cluster);

        await _cluster.WaitForDeploymentImagesAsync("shop", "with-init", Registries.MirrorOf(init), Registries.MirrorOf(app));
        (await Registries.TargetDigestOfTagAsync(Registries.MirrorOf(init))).Should().Be(init.Digest);
    }
}
