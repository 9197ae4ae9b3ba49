using ImageClone.Controllers;
using ImageClone.Tests.Support.FakeKube;

namespace ImageClone.Tests.Controllers;

public class DeploymentControllerGateTests
{
    private ControllerTestFixture fixture = null!;

    [SetUp]
    public async Task StartAsync() => fixture = await ControllerTestFixture.StartAsync();

    [TearDown]
    public async Task StopAsync() => await fixture.DisposeAsync();

    [Test]
    public async Task ReconcileAsync_RolloutUnhealthy_CopiesButWritesNothingAndRequeues()
    {
        fixture.Server.Rollouts.Hold(ControllerTestFixture.Namespace, "web");
        fixture.Server.Create(SampleWorkloads.Deployment(ControllerTestFixture.Namespace, "web", replicas: 2, [], ("web", "nginx:1.25")));

        var result = await fixture.Deployments.ReconcileAsync(fixture.Deployment("web"), CancellationToken.None);

        result.IsSuccess.Should().BeTrue();
        result.RequeueAfter.Should().Be(TimeSpan.FromSeconds(15));
        fixture.Copier.Requests.Should().ContainSingle();
        fixture.Writes("deployments").Should().BeEmpty();
        fixture.Deployment("web").Spec.Template.Spec.Containers.Single().Image.Should().Be("nginx:1.25");
        fixture.Events("web", WorkloadEventReasons.WaitingForRollout).Should().ContainSingle()
            .Which.Message.Should().Contain("0 of 2");
    }

    [Test]
    public async Task ReconcileAsync_RolloutBecomesHealthy_Rewrites()
    {
        fixture.Server.Rollouts.Hold(ControllerTestFixture.Namespace, "web");
        fixture.Server.Create(SampleWorkloads.Deployment(ControllerTestFixture.Namespace, "web", ("web", "nginx:1.25")));
        await fixture.Deployments.ReconcileAsync(fixture.Deployment("web"), CancellationToken.None);

        fixture.Server.Rollouts.Release(ControllerTestFixture.Namespace, "web");
        var result = await fixture.Deployments.ReconcileAsync(fixture.Deployment("web"), CancellationToken.None);

        result.IsSuccess.Should().BeTrue();
        result.RequeueAfter.Should().BeNull();
        fixture.Deployment("web").Spec.Template.Spec.Containers.Single().Image.Should().StartWith("mirror.example.com/backup/docker.io_library_nginx:1.25@sha256:");
    }

    [Test]
    public async Task ReconcileAsync_CopyFails_WritesNothingAndWarnsNamingTheImage()
    {
        fixture.Copier.Fail("quay.io/gone/app");
        fixture.Server.Create(SampleWorkloads.Deployment(ControllerTestFixture.Namespace, "web", ("web", "nginx:1.25"), ("app", "quay.io/gone/app:v1")));

        var result = await fixture.Deployments.ReconcileAsync(fixture.Deployment("web"), CancellationToken.None);

        result.IsFailure.Should().BeTrue();
        result.RequeueAfter.Should().Be(TimeSpan.FromSeconds(15));
        result.ErrorMessage.Should().Contain("quay.io/gone/app:v1");
        fixture.Writes("deployments").Should().BeEmpty();
        var warning = fixture.Events("web", WorkloadEventReasons.CopyFailed).Should().ContainSingle().Which;
        warning.Type.Should().Be("Warning");
        warning.Message.Should().Contain("quay.io/gone/app:v1").And.Contain("container app").And.Contain("404");
        warning.Source.Component.Should().Be("imageclone");
        warning.InvolvedObject.Kind.Should().Be("Deployment");
    }

    [Test]
    public async Task ReconcileAsync_SameFailureTwice_CountsOneEvent()
    {
        fixture.Copier.Fail("quay.io/gone/app");
        fixture.Server.Create(SampleWorkloads.Deployment(ControllerTestFixture.Namespace, "web", ("app", "quay.io/gone/app:v1")));

        await fixture.Deployments.ReconcileAsync(fixture.Deployment("web"), CancellationToken.None);
        await fixture.Deployments.ReconcileAsync(fixture.Deployment("web"), CancellationToken.None);

        fixture.Events("web", WorkloadEventReasons.CopyFailed).Should().ContainSingle().Which.Count.Should().Be(2);
    }

    [Test]
    public async Task ReconcileAsync_MalformedImage_InvalidImageWarningAndNoWrite()
    {
        fixture.Server.Create(SampleWorkloads.Deployment(ControllerTestFixture.Namespace, "web", ("web", "Nginx:Bad Tag")));

        var result = await fixture.Deployments.ReconcileAsync(fixture.Deployment("web"), CancellationToken.None);

        result.IsFailure.Should().BeTrue();
        fixture.Writes("deployments").Should().BeEmpty();
        fixture.Events("web", WorkloadEventReasons.InvalidImage).Should().ContainSingle()
            .Which.Message.Should().Contain("Nginx:Bad Tag").And.Contain("container web");
    }

    [Test]
    public async Task ReconcileAsync_DryRun_WritesNothingButReportsWouldRewrite()
    {
        await fixture.DisposeAsync();
        fixture = await ControllerTestFixture.StartAsync(options => options with { DryRun = true });
        fixture.Server.Create(SampleWorkloads.Deployment(ControllerTestFixture.Namespace, "web", ("web", "nginx:1.25")));

        var result = await fixture.Deployments.ReconcileAsync(fixture.Deployment("web"), CancellationToken.None);

        result.IsSuccess.Should().BeTrue();
        fixture.Copier.Requests.Should().ContainSingle();
        fixture.Writes("deployments").Should().BeEmpty();
        fixture.Deployment("web").Spec.Template.Spec.Containers.Single().Image.Should().Be("nginx:1.25");
        fixture.Events("web", WorkloadEventReasons.WouldRewrite).Should().ContainSingle()
            .Which.Message.Should().Contain("nginx:1.25 -> mirror.example.com/backup/docker.io_library_nginx:1.25@sha256:");
    }
}
