using ImageClone.Controllers;
using ImageClone.Tests.Support.FakeKube;

namespace ImageClone.Tests.Controllers;

internal sealed class DeploymentControllerGateTests : ControllerTest
{
    [Test]
    public async Task ReconcileAsync_RolloutUnhealthy_CopiesButWritesNothingAndRequeues()
    {
        Fixture.Server.Rollouts.Hold(ControllerTestFixture.Namespace, "web");
        Fixture.Server.Create(SampleWorkloads.Deployment(ControllerTestFixture.Namespace, "web", replicas: 2, [], ("web", "nginx:1.25")));

        var result = await Fixture.Deployments.ReconcileAsync(Fixture.Deployment("web"), CancellationToken.None);

        result.IsSuccess.Should().BeTrue();
        result.RequeueAfter.Should().Be(TimeSpan.FromSeconds(15));
        Fixture.Copier.Requests.Should().ContainSingle();
        Fixture.Writes("deployments").Should().BeEmpty();
        Fixture.Deployment("web").Spec.Template.Spec.Containers.Single().Image.Should().Be("nginx:1.25");
        Fixture.Events("web", WorkloadEventReasons.WaitingForRollout).Should().ContainSingle()
            .Which.Message.Should().Contain("0 of 2");
    }

    [Test]
    public async Task ReconcileAsync_RolloutBecomesHealthy_Rewrites()
    {
        Fixture.Server.Rollouts.Hold(ControllerTestFixture.Namespace, "web");
        Fixture.Server.Create(SampleWorkloads.Deployment(ControllerTestFixture.Namespace, "web", ("web", "nginx:1.25")));
        await Fixture.Deployments.ReconcileAsync(Fixture.Deployment("web"), CancellationToken.None);

        Fixture.Server.Rollouts.Release(ControllerTestFixture.Namespace, "web");
        var result = await Fixture.Deployments.ReconcileAsync(Fixture.Deployment("web"), CancellationToken.None);

        result.IsSuccess.Should().BeTrue();
        result.RequeueAfter.Should().BeNull();
        Fixture.Deployment("web").Spec.Template.Spec.Containers.Single().Image.Should().StartWith("mirror.example.com/backup/docker.io_library_nginx:1.25@sha256:");
    }

    [Test]
    public async Task ReconcileAsync_CopyFails_WritesNothingAndWarnsNamingTheImage()
    {
        Fixture.Copier.Fail("quay.io/gone/app");
        Fixture.Server.Create(SampleWorkloads.Deployment(ControllerTestFixture.Namespace, "web", ("web", "nginx:1.25"), ("app", "quay.io/gone/app:v1")));

        var result = await Fixture.Deployments.ReconcileAsync(Fixture.Deployment("web"), CancellationToken.None);

        result.IsFailure.Should().BeTrue();
        result.RequeueAfter.Should().Be(TimeSpan.FromSeconds(15));
        result.ErrorMessage.Should().Contain("quay.io/gone/app:v1");
        Fixture.Writes("deployments").Should().BeEmpty();
        var warning = Fixture.Events("web", WorkloadEventReasons.CopyFailed).Should().ContainSingle().Which;
        warning.Type.Should().Be("Warning");
        warning.Message.Should().Contain("quay.io/gone/app:v1").And.Contain("container app").And.Contain("404");
        warning.Source.Component.Should().Be("imageclone");
        warning.InvolvedObject.Kind.Should().Be("Deployment");
    }

    [Test]
    public async Task ReconcileAsync_SameFailureTwice_CountsOneEvent()
    {
        Fixture.Copier.Fail("quay.io/gone/app");
        Fixture.Server.Create(SampleWorkloads.Deployment(ControllerTestFixture.Namespace, "web", ("app", "quay.io/gone/app:v1")));

        await Fixture.Deployments.ReconcileAsync(Fixture.Deployment("web"), CancellationToken.None);
        await Fixture.Deployments.ReconcileAsync(Fixture.Deployment("web"), CancellationToken.None);

        Fixture.Events("web", WorkloadEventReasons.CopyFailed).Should().ContainSingle().Which.Count.Should().Be(2);
    }

    [Test]
    public async Task ReconcileAsync_MalformedImage_InvalidImageWarningAndNoWrite()
    {
        Fixture.Server.Create(SampleWorkloads.Deployment(ControllerTestFixture.Namespace, "web", ("web", "Nginx:Bad Tag")));

        var result = await Fixture.Deployments.ReconcileAsync(Fixture.Deployment("web"), CancellationToken.None);

        result.IsFailure.Should().BeTrue();
        Fixture.Writes("deployments").Should().BeEmpty();
        Fixture.Events("web", WorkloadEventReasons.InvalidImage).Should().ContainSingle()
            .Which.Message.Should().Contain("Nginx:Bad Tag").And.Contain("container web");
    }

    [Test]
    public async Task ReconcileAsync_DryRun_WritesNothingButReportsWouldRewrite()
    {
        await Fixture.DisposeAsync();
        Fixture = await ControllerTestFixture.StartAsync(options => options with { DryRun = true });
        Fixture.Server.Create(SampleWorkloads.Deployment(ControllerTestFixture.Namespace, "web", ("web", "nginx:1.25")));

        var result = await Fixture.Deployments.ReconcileAsync(Fixture.Deployment("web"), CancellationToken.None);

        result.IsSuccess.Should().BeTrue();
        Fixture.Copier.Requests.Should().ContainSingle();
        Fixture.Writes("deployments").Should().BeEmpty();
        Fixture.Deployment("web").Spec.Template.Spec.Containers.Single().Image.Should().Be("nginx:1.25");
        Fixture.Events("web", WorkloadEventReasons.WouldRewrite).Should().ContainSingle()
            .Which.Message.Should().Contain("nginx:1.25 -> mirror.example.com/backup/docker.io_library_nginx:1.25@sha256:");
    }
}
