using ImageClone.Mirroring;
using ImageClone.Tests.Support.Kube;

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
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "web", ("web", web.Reference)));
        await Cluster.CreateAsync(SampleWorkloads.DaemonSet(Ops, "agent", ("agent", agent.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync(Shop, "web", Registries.MirrorOf(web));
        await Cluster.WaitForDaemonSetImagesAsync(Ops, "agent", Registries.MirrorOf(agent));
        (await Registries.TargetDigestOfTagAsync(Registries.MirrorOf(web))).Should().Be(web.Digest);
        (await Registries.TargetDigestOfTagAsync(Registries.MirrorOf(agent))).Should().Be(agent.Digest);
    }

    [Test]
    public async Task Operator_RewrittenWorkload_RecordsTheOriginalImagesInItsAnnotation()
    {
        var web = await Registries.PushPublicAsync("annotated");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "annotated", ("web", web.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync(Shop, "annotated", Registries.MirrorOf(web));
        await Cluster.WaitForEventAsync(Shop, "annotated", "WorkloadRewritten");
        var annotation = (await Cluster.DeploymentAsync(Shop, "annotated")).Metadata.Annotations[OriginalImages.AnnotationName];
        annotation.Should().Contain(web.Reference).And.Contain("web");
        (await Cluster.EventsAsync(Shop, "annotated", "WorkloadRewritten")).Should().ContainSingle();
    }

    [Test]
    public async Task Operator_WorkloadsInKubeSystemAndTheControllerNamespace_LeavesThemUntouched()
    {
        var image = await Registries.PushPublicAsync("system");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Cluster.Ns("kube-system"), "dns", ("dns", image.Reference)));
        await Cluster.CreateAsync(SampleWorkloads.DaemonSet(Cluster.ControllerNamespace, "own", ("own", image.Reference)));
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "witness", ("web", image.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync(Shop, "witness", Registries.MirrorOf(image));
        (await Cluster.DeploymentImagesAsync(Cluster.Ns("kube-system"), "dns")).Should().Equal(image.Reference);
        (await Cluster.DaemonSetImagesAsync(Cluster.ControllerNamespace, "own")).Should().Equal(image.Reference);
        Cluster.WritesTo("deployments", Cluster.Ns("kube-system"), "dns").Should().BeEmpty();
        Cluster.WritesTo("daemonsets", Cluster.ControllerNamespace, "own").Should().BeEmpty();
    }

    [Test]
    public async Task Operator_WorkloadOptedOut_LeavesItUntouched()
    {
        var image = await Registries.PushPublicAsync("optout");
        var optedOut = SampleWorkloads.Deployment(Shop, "opted-out", ("web", image.Reference));
        optedOut.Metadata.Annotations = new Dictionary<string, string> { [ImageMirror.SkipAnnotation] = "true" };
        await Cluster.CreateAsync(optedOut);
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "witness", ("web", image.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync(Shop, "witness", Registries.MirrorOf(image));
        (await Cluster.DeploymentImagesAsync(Shop, "opted-out")).Should().Equal(image.Reference);
        Cluster.WritesTo("deployments", Shop, "opted-out").Should().BeEmpty();
    }

    [Test]
    public async Task Operator_ImageAlreadyUnderTheRepository_LeavesItAloneAndRewritesTheOthers()
    {
        var alreadyThere = await Registries.PushToTargetAsync("premirrored");
        var other = await Registries.PushPublicAsync("sidecar");
        await Cluster.CreateAsync(PullSecrets.DockerConfigJson(Shop, "mirror-login", Registries.Target.Host, EndToEndRegistries.TargetUser, Registries.TargetPassword));
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "mixed", ("app", alreadyThere.Reference), ("sidecar", other.Reference)).WithPullSecret("mirror-login"));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync(Shop, "mixed", alreadyThere.Reference, Registries.MirrorOf(other));
        await Cluster.WaitForEventAsync(Shop, "mixed", "WorkloadRewritten");
        // a copy is told once: in its own event when the rewrite waited for the rollout, else in the rewrite's event
        var rewrite = (await Cluster.EventsAsync(Shop, "mixed", "WorkloadRewritten")).Should().ContainSingle().Which.Message;
        var copies = (await Cluster.EventsAsync(Shop, "mixed", "ImageCopied")).Select(e => e.Message)
            .Concat(rewrite.Contains("; copied first: ", StringComparison.Ordinal) ? [rewrite[rewrite.IndexOf("; copied first: ", StringComparison.Ordinal)..]] : [])
            .ToList();
        copies.Should().ContainSingle("only the sidecar is copied").Which.Should().Contain(other.Reference).And.NotContain(alreadyThere.Reference);
    }

    [Test]
    public async Task Operator_InitContainers_AreMirroredAndRewritten()
    {
        var init = await Registries.PushPublicAsync("init");
        var app = await Registries.PushPublicAsync("app");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "with-init", replicas: 2, initContainers: [("setup", init.Reference)], ("app", app.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync(Shop, "with-init", Registries.MirrorOf(init), Registries.MirrorOf(app));
        (await Registries.TargetDigestOfTagAsync(Registries.MirrorOf(init))).Should().Be(init.Digest);
    }
}
