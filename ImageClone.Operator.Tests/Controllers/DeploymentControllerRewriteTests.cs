using System.Text.Json;
using ImageClone.Controllers;
using ImageClone.Mirroring;
using ImageClone.Tests.Mirroring;
using ImageClone.Tests.Support.FakeKube;
using k8s.Models;

namespace ImageClone.Tests.Controllers;

internal sealed class DeploymentControllerRewriteTests : ControllerTest
{
    [Test]
    public async Task ReconcileAsync_HealthyDeployment_RewritesWithStrategicMergePatchAndRecordsOriginals()
    {
        var mirroredSidecar = MirrorTestFixture.Mirrored("envoyproxy/envoy:v1.30");
        Fixture.Server.Create(SampleWorkloads.Deployment(ControllerTestFixture.Namespace, "web", replicas: 2,
            [("setup", "busybox:1.36")], ("web", "nginx:1.25"), ("sidecar", mirroredSidecar)));

        var result = await Fixture.Deployments.ReconcileAsync(Fixture.Deployment("web"), CancellationToken.None);

        result.IsSuccess.Should().BeTrue();
        result.RequeueAfter.Should().BeNull();
        var stored = Fixture.Deployment("web");
        var spec = stored.Spec.Template.Spec;
        spec.Containers.Select(c => c.Image).Should().Equal(
            $"{MirrorTestFixture.Repository}/docker.io_library_nginx:1.25@{ControllerTestFixture.RunningDigestOf("nginx:1.25")}", mirroredSidecar);
        spec.InitContainers.Single().Image.Should().Be(
            $"{MirrorTestFixture.Repository}/docker.io_library_busybox:1.36@{ControllerTestFixture.RunningDigestOf("busybox:1.36")}");
        var originals = JsonDocument.Parse(stored.Metadata.Annotations[OriginalImages.AnnotationName]).RootElement;
        originals.GetProperty("containers").EnumerateObject().Select(p => (p.Name, p.Value.GetString())).Should().Equal(("web", "nginx:1.25"));
        originals.GetProperty("initContainers").GetProperty("setup").GetString().Should().Be("busybox:1.36");
        Fixture.Writes("deployments").Should().ContainSingle().Which.ContentType.Should().StartWith("application/strategic-merge-patch+json");
        Fixture.Copier.Requests.Select(r => r.Source.ToString()).Should().BeEquivalentTo(
            [$"docker.io/library/nginx:1.25@{ControllerTestFixture.RunningDigestOf("nginx:1.25")}", $"docker.io/library/busybox:1.36@{ControllerTestFixture.RunningDigestOf("busybox:1.36")}"]);
        Fixture.Events("web", WorkloadEventReasons.WorkloadRewritten).Should().ContainSingle().Which.Type.Should().Be("Normal");
        Fixture.Events("web", WorkloadEventReasons.ImageCopied).Should().HaveCount(2);
    }

    [Test]
    public async Task ReconcileAsync_SecondReconcileAfterRewrite_CopiesAndWritesNothing()
    {
        Fixture.Server.Create(SampleWorkloads.Deployment(ControllerTestFixture.Namespace, "web", ("web", "nginx:1.25")));
        await Fixture.Deployments.ReconcileAsync(Fixture.Deployment("web"), CancellationToken.None);
        var copies = Fixture.Copier.RegistryCalls;
        Fixture.Server.ClearRequests();

        var result = await Fixture.Deployments.ReconcileAsync(Fixture.Deployment("web"), CancellationToken.None);

        result.IsSuccess.Should().BeTrue();
        result.RequeueAfter.Should().BeNull();
        Fixture.Copier.RegistryCalls.Should().Be(copies);
        Fixture.Server.Requests.Where(r => r.Resource is not null).Should().BeEmpty("a converged workload needs no API call at all");
    }

    [Test]
    public async Task ReconcileAsync_WorkloadChangedSinceRead_ConflictRereadsAndRewrites()
    {
        Fixture.Server.Create(SampleWorkloads.Deployment(ControllerTestFixture.Namespace, "web", ("web", "nginx:1.25")));
        var stale = Fixture.Deployment("web");
        var changed = Fixture.Deployment("web");
        changed.Metadata.Labels = new Dictionary<string, string> { ["team"] = "shop" };
        Fixture.Server.Update(changed);

        var result = await Fixture.Deployments.ReconcileAsync(stale, CancellationToken.None);

        result.IsSuccess.Should().BeTrue();
        Fixture.Writes("deployments").Select(w => w.StatusCode).Should().Equal(409, 200);
        var stored = Fixture.Deployment("web");
        stored.Metadata.Labels["team"].Should().Be("shop");
        stored.Spec.Template.Spec.Containers.Single().Image.Should().StartWith(MirrorTestFixture.Repository);
    }

    [Test]
    public async Task ReconcileAsync_ConflictEveryTime_GivesUpWithFailureAfterThreeAttempts()
    {
        Fixture.Server.Create(SampleWorkloads.Deployment(ControllerTestFixture.Namespace, "web", ("web", "nginx:1.25")));
        Fixture.Server.Faults.FailAll("patch", "deployments", System.Net.HttpStatusCode.Conflict);

        var result = await Fixture.Deployments.ReconcileAsync(Fixture.Deployment("web"), CancellationToken.None);

        result.IsFailure.Should().BeTrue();
        result.ErrorMessage.Should().Contain("Deployment/shop/web").And.Contain("409");
        Fixture.Writes("deployments").Should().HaveCount(3);
        Fixture.Deployment("web").Spec.Template.Spec.Containers.Single().Image.Should().Be("nginx:1.25");
    }

    [Test]
    public async Task ReconcileAsync_PatchForbidden_FailureNamingWorkloadAndStatus()
    {
        Fixture.Server.Create(SampleWorkloads.Deployment(ControllerTestFixture.Namespace, "web", ("web", "nginx:1.25")));
        Fixture.Server.Faults.FailNext("patch", "deployments", System.Net.HttpStatusCode.Forbidden);

        var result = await Fixture.Deployments.ReconcileAsync(Fixture.Deployment("web"), CancellationToken.None);

        result.IsFailure.Should().BeTrue();
        result.ErrorMessage.Should().Contain("Deployment/shop/web").And.Contain("403");
        Fixture.Events("web", WorkloadEventReasons.WorkloadRewritten).Should().BeEmpty();
    }

    [Test]
    public async Task ReconcileAsync_DeploymentAlreadyMirrored_NoCopyNoWriteNoEvent()
    {
        Fixture.Server.Create(SampleWorkloads.Deployment(ControllerTestFixture.Namespace, "web", ("web", MirrorTestFixture.Mirrored("nginx:1.25"))));
        Fixture.Server.ClearRequests();

        var result = await Fixture.Deployments.ReconcileAsync(Fixture.Deployment("web"), CancellationToken.None);

        result.IsSuccess.Should().BeTrue();
        Fixture.Copier.RegistryCalls.Should().Be(0);
        Fixture.Server.Requests.Where(r => r.Resource is not null).Should().BeEmpty();
    }

    [Test]
    public async Task ReconcileAsync_SkippedNamespace_NoCopyNoWrite()
    {
        Fixture.Server.Create(SampleWorkloads.Deployment("kube-system", "dns", ("dns", "coredns/coredns:1.11")));
        Fixture.Server.ClearRequests();

        var result = await Fixture.Deployments.ReconcileAsync(Fixture.Server.Get<V1Deployment>("kube-system", "dns")!, CancellationToken.None);

        result.IsSuccess.Should().BeTrue();
        Fixture.Copier.RegistryCalls.Should().Be(0);
        Fixture.Server.Requests.Where(r => r.IsWrite).Should().BeEmpty();
    }
}
