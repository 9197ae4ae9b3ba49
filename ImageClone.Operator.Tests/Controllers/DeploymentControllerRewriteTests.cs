using System.Text.Json;
using ImageClone.Controllers;
using ImageClone.Mirroring;
using ImageClone.Tests.Support.Kube;
using k8s;
using k8s.Models;

namespace ImageClone.Tests.Controllers;

internal sealed class DeploymentControllerRewriteTests : ControllerTest
{
    [Test]
    public async Task ReconcileAsync_HealthyDeployment_RewritesWithStrategicMergePatchAndRecordsOriginals()
    {
        var setup = await Fixture.PushImageAsync("ctl/setup");
        var web = await Fixture.PushImageAsync("ctl/web");
        var mirroredSidecar = (await Fixture.PushImageAsync("backup/envoy")).Reference;
        await Fixture.Cluster.CreateAsync(SampleWorkloads.Deployment(Fixture.Namespace, "web", replicas: 2,
            [("setup", setup.Reference)], ("web", web.Reference), ("sidecar", mirroredSidecar)));

        var result = await Fixture.Deployments.ReconcileAsync(await Fixture.HealthyDeploymentAsync("web"), CancellationToken.None);

        result.IsSuccess.Should().BeTrue();
        result.RequeueAfter.Should().Be(Fixture.Options.RolloutCheckInterval, "the rollout the rewrite starts is followed");
        var stored = await Fixture.DeploymentAsync("web");
        var spec = stored.Spec.Template.Spec;
        spec.Containers.Select(c => c.Image).Should().Equal(Fixture.PinnedCopyOf(web), mirroredSidecar);
        spec.InitContainers.Single().Image.Should().Be(Fixture.PinnedCopyOf(setup));
        var originals = JsonDocument.Parse(stored.Metadata.Annotations[OriginalImages.AnnotationName]).RootElement;
        originals.GetProperty("containers").EnumerateObject().Select(p => (p.Name, p.Value.GetString())).Should().Equal(("web", web.Reference));
        originals.GetProperty("initContainers").GetProperty("setup").GetString().Should().Be(setup.Reference);
        Fixture.Writes("deployments").Should().ContainSingle().Which.ContentType.Should().StartWith("application/strategic-merge-patch+json");
        Fixture.Copier.Requests.Select(r => r.Source.ToString()).Should().BeEquivalentTo(
            [$"{web.Reference}@{web.Digest}", $"{setup.Reference}@{setup.Digest}"], "the copies are pinned to the digests the pods run");
        var rewritten = (await Fixture.EventsAsync("web", WorkloadEventReasons.WorkloadRewritten)).Should().ContainSingle().Which;
        rewritten.Type.Should().Be("Normal");
        rewritten.Message.Should().Contain("; copied first: ").And.Contain($"{web.Reference}@{web.Digest} to ").And.Contain($"{setup.Reference}@{setup.Digest} to ",
            "the rewrite's one event names the copies it needed");
        (await Fixture.EventsAsync("web", WorkloadEventReasons.ImageCopied)).Should().BeEmpty("a copy told in the rewrite's event costs no event of its own");
    }

    [Test]
    public async Task ReconcileAsync_EventsLostToNetworkErrorsAfterTheRewrite_SucceedsWithoutRetryingTheWrite()
    {
        var web = await Fixture.PushImageAsync("ctl/web");
        await Fixture.Cluster.CreateAsync(SampleWorkloads.Deployment(Fixture.Namespace, "web", ("web", web.Reference)));
        var healthy = await Fixture.HealthyDeploymentAsync("web");
        Fixture.Cluster.Faults.ResetNext("create", "events", count: 10);

        var result = await Fixture.Deployments.ReconcileAsync(healthy, CancellationToken.None);

        result.IsSuccess.Should().BeTrue("the rewrite happened; a lost event must not fail the reconcile and have it retried");
        result.RequeueAfter.Should().Be(Fixture.Options.RolloutCheckInterval, "the rollout the rewrite starts is followed");
        Fixture.Writes("deployments").Should().ContainSingle();
        Fixture.Requests.Where(r => r.Resource == "events" && r.StatusCode == 0).Should().NotBeEmpty("the event requests did fail on the network");
        (await Fixture.DeploymentAsync("web")).Spec.Template.Spec.Containers.Single().Image.Should().Be(Fixture.PinnedCopyOf(web));
    }

    [Test]
    public async Task ReconcileAsync_SecondReconcileOnceTheRewriteRolledOut_CopiesAndWritesNothing()
    {
        var web = await Fixture.PushImageWithCopyAsync("ctl/web");
        await Fixture.Cluster.CreateAsync(SampleWorkloads.Deployment(Fixture.Namespace, "web", ("web", web.Reference)));
        await Fixture.Deployments.ReconcileAsync(await Fixture.HealthyDeploymentAsync("web"), CancellationToken.None);
        var rewritten = await Fixture.DeploymentWhenAsync("web", d => RolloutComplete.Of(d) && d.Spec.Template.Spec.Containers[0].Image == Fixture.PinnedCopyOf(web),
            "has rolled out the rewrite");
        var copies = Fixture.Copier.RegistryCalls;
        Fixture.Cluster.ClearRequests();

        var result = await Fixture.Deployments.ReconcileAsync(rewritten, CancellationToken.None);

        rewritten.Spec.Template.Spec.Containers.Single().Image.Should().Be(Fixture.PinnedCopyOf(web));
        result.IsSuccess.Should().BeTrue();
        result.RequeueAfter.Should().BeCloseTo(Fixture.Options.RecheckInterval, Fixture.Options.RecheckInterval * 0.1, "next comes the periodic re-check of its copies");
        Fixture.Copier.RegistryCalls.Should().Be(copies);
        Fixture.Requests.Should().BeEmpty("a converged workload needs no API call at all");
    }

    [Test]
    public async Task ReconcileAsync_WorkloadChangedSinceRead_ConflictRereadsAndRewrites()
    {
        var web = await Fixture.PushImageAsync("ctl/web");
        await Fixture.Cluster.CreateAsync(SampleWorkloads.Deployment(Fixture.Namespace, "web", ("web", web.Reference)));
        var stale = await Fixture.HealthyDeploymentAsync("web");
        await Fixture.Cluster.Admin.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("""{"metadata":{"labels":{"team":"shop"}}}""", V1Patch.PatchType.MergePatch), "web", Fixture.Namespace);

        var result = await Fixture.Deployments.ReconcileAsync(stale, CancellationToken.None);

        result.IsSuccess.Should().BeTrue();
        Fixture.Writes("deployments").Select(w => w.StatusCode).Should().Equal(409, 200);
        var stored = await Fixture.DeploymentAsync("web");
        stored.Metadata.Labels["team"].Should().Be("shop");
        stored.Spec.Template.Spec.Containers.Single().Image.Should().Be(Fixture.PinnedCopyOf(web));
    }

    [Test]
    public async Task ReconcileAsync_ConflictEveryTime_GivesUpWithFailureAfterThreeAttempts()
    {
        var web = await Fixture.PushImageAsync("ctl/web");
        await Fixture.Cluster.CreateAsync(SampleWorkloads.Deployment(Fixture.Namespace, "web", ("web", web.Reference)));
        var healthy = await Fixture.HealthyDeploymentAsync("web");
        Fixture.Cluster.Faults.FailAll("patch", "deployments", System.Net.HttpStatusCode.Conflict);

        var result = await Fixture.Deployments.ReconcileAsync(healthy, CancellationToken.None);

        result.IsFailure.Should().BeTrue();
        result.ErrorMessage.Should().Contain($"Deployment/{Fixture.Namespace}/web").And.Contain("409");
        Fixture.Writes("deployments").Should().HaveCount(3);
        (await Fixture.DeploymentAsync("web")).Spec.Template.Spec.Containers.Single().Image.Should().Be(web.Reference);
    }

    [Test]
    public async Task ReconcileAsync_RoleWithoutDeploymentPatch_FailureNamingWorkloadAndStatus()
    {
        await Fixture.DisposeAsync();
        var role = ControllerTestFixture.GeneratedRole();
        role.Rules.Single(r => r.Resources.Contains("deployments")).Verbs.Remove("patch");
        Fixture = await ControllerTestFixture.StartUnderRoleAsync(Registry, "user-4", role);
        var web = await Fixture.PushImageAsync("ctl/web");
        await Fixture.Cluster.CreateAsync(SampleWorkloads.Deployment(Fixture.Namespace, "web", ("web", web.Reference)));

        var result = await Fixture.Deployments.ReconcileAsync(await Fixture.HealthyDeploymentAsync("web"), CancellationToken.None);

        result.IsFailure.Should().BeTrue();
        result.ErrorMessage.Should().Contain($"Deployment/{Fixture.Namespace}/web").And.Contain("403");
        Fixture.Writes("deployments").Should().ContainSingle().Which.StatusCode.Should().Be(403, "the apiserver's RBAC refused it");
        (await Fixture.EventsAsync("web", WorkloadEventReasons.WorkloadRewritten)).Should().BeEmpty();
    }

    [Test]
    public async Task ReconcileAsync_DeploymentAlreadyMirrored_NoCopyNoWriteNoEvent()
    {
        var mirrored = await Fixture.PushImageAsync("backup/web");
        await Fixture.Cluster.CreateAsync(SampleWorkloads.Deployment(Fixture.Namespace, "web", ("web", mirrored.Reference)));

        var result = await Fixture.Deployments.ReconcileAsync(await Fixture.HealthyDeploymentAsync("web"), CancellationToken.None);

        result.IsSuccess.Should().BeTrue();
        Fixture.Copier.RegistryCalls.Should().Be(0);
        Fixture.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task ReconcileAsync_SkippedNamespace_NoCopyNoWrite()
    {
        var dns = await Fixture.PushImageAsync("ctl/coredns");
        var name = Fixture.Cluster.Ns("dns");
        await Fixture.Cluster.CreateAsync(SampleWorkloads.Deployment("kube-system", name, ("dns", dns.Reference)));
        var stored = await Fixture.Cluster.DeploymentAsync("kube-system", name);

        var result = await Fixture.Deployments.ReconcileAsync(stored!, CancellationToken.None);

        result.IsSuccess.Should().BeTrue();
        Fixture.Copier.RegistryCalls.Should().Be(0);
        Fixture.Requests.Should().BeEmpty();
    }
}
