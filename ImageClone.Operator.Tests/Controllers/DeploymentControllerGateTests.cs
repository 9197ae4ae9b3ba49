using ImageClone.Controllers;
using ImageClone.Tests.Support.Kube;
using k8s.Models;

namespace ImageClone.Tests.Controllers;

internal sealed class DeploymentControllerGateTests : ControllerTest
{
    [Test]
    public async Task ReconcileAsync_RolloutUnhealthy_CopiesButWritesNothingAndRequeues()
    {
        var web = await Fixture.PushImageAsync("ctl/web");
        Fixture.Cluster.HoldRollout(Fixture.Namespace, "web");
        await Fixture.Cluster.CreateAsync(SampleWorkloads.Deployment(Fixture.Namespace, "web", replicas: 2, [], ("web", web.Reference)));
        await Fixture.WaitForRunningPodsAsync("web", 2);

        var result = await Fixture.Deployments.ReconcileAsync(await HeldDeploymentAsync(replicas: 2), CancellationToken.None);

        result.IsSuccess.Should().BeTrue("waiting is not a failure: no backoff");
        result.RequeueAfter.Should().Be(Fixture.Options.RolloutCheckInterval, "the held rollout is looked at again after a plain delay");
        Fixture.Copier.Requests.Should().ContainSingle();
        Fixture.Writes("deployments").Should().BeEmpty();
        (await Fixture.DeploymentAsync("web")).Spec.Template.Spec.Containers.Single().Image.Should().Be(web.Reference);
        (await Fixture.EventsAsync("web", WorkloadEventReasons.WaitingForRollout)).Should().ContainSingle()
            .Which.Message.Should().Contain("0 of 2");
    }

    [Test]
    public async Task ReconcileAsync_RolloutBecomesHealthy_Rewrites()
    {
        var web = await Fixture.PushImageAsync("ctl/web");
        Fixture.Cluster.HoldRollout(Fixture.Namespace, "web");
        await Fixture.Cluster.CreateAsync(SampleWorkloads.Deployment(Fixture.Namespace, "web", ("web", web.Reference)));
        await Fixture.WaitForRunningPodsAsync("web", 1);
        var waiting = await Fixture.Deployments.ReconcileAsync(await HeldDeploymentAsync(replicas: 1), CancellationToken.None);

        Fixture.Cluster.ReleaseRollout(Fixture.Namespace, "web");
        var result = await Fixture.Deployments.ReconcileAsync(await Fixture.HealthyDeploymentAsync("web"), CancellationToken.None);

        waiting.RequeueAfter.Should().NotBeNull("the held rollout was waited for");
        result.IsSuccess.Should().BeTrue();
        result.RequeueAfter.Should().Be(Fixture.Options.RolloutCheckInterval, "the rollout the rewrite starts is followed");
        (await Fixture.DeploymentAsync("web")).Spec.Template.Spec.Containers.Single().Image.Should().Be(Fixture.PinnedCopyOf(web));
    }

    [Test]
    public async Task ReconcileAsync_CopyFails_WritesNothingAndWarnsNamingTheImage()
    {
        var web = await Fixture.PushImageAsync("ctl/web");
        var gone = $"{Registry.Host}/ctl/gone:v1";
        Fixture.Copier.Fail(gone);
        await Fixture.Cluster.CreateAsync(SampleWorkloads.Deployment(Fixture.Namespace, "web", ("web", web.Reference), ("app", gone)));

        var result = await Fixture.Deployments.ReconcileAsync(await Fixture.DeploymentAsync("web"), CancellationToken.None);

        result.IsFailure.Should().BeTrue();
        result.RequeueAfter.Should().BeNull("the operator's queue backs the failure off");
        result.ErrorMessage.Should().Contain(gone);
        Fixture.Writes("deployments").Should().BeEmpty();
        var warning = (await Fixture.EventsAsync("web", WorkloadEventReasons.CopyFailed)).Should().ContainSingle().Which;
        warning.Type.Should().Be("Warning");
        warning.Message.Should().Contain(gone).And.Contain("container app").And.Contain("404");
        warning.Source.Component.Should().Be("imageclone");
        warning.InvolvedObject.Kind.Should().Be("Deployment");
    }

    [Test]
    public async Task ReconcileAsync_SameFailureTwice_CountsOneEvent()
    {
        var gone = $"{Registry.Host}/ctl/gone:v1";
        Fixture.Copier.Fail(gone);
        await Fixture.Cluster.CreateAsync(SampleWorkloads.Deployment(Fixture.Namespace, "web", ("app", gone)));

        await Fixture.Deployments.ReconcileAsync(await Fixture.DeploymentAsync("web"), CancellationToken.None);
        await Fixture.Deployments.ReconcileAsync(await Fixture.DeploymentAsync("web"), CancellationToken.None);

        (await Fixture.EventsAsync("web", WorkloadEventReasons.CopyFailed)).Should().ContainSingle().Which.Count.Should().Be(2);
    }

    [Test]
    public async Task ReconcileAsync_MalformedImage_InvalidImageWarningAndNoWrite()
    {
        await Fixture.Cluster.CreateAsync(SampleWorkloads.Deployment(Fixture.Namespace, "web", ("web", "Nginx:Bad Tag")));

        var result = await Fixture.Deployments.ReconcileAsync(await Fixture.DeploymentAsync("web"), CancellationToken.None);

        result.IsFailure.Should().BeTrue();
        Fixture.Writes("deployments").Should().BeEmpty();
        (await Fixture.EventsAsync("web", WorkloadEventReasons.InvalidImage)).Should().ContainSingle()
            .Which.Message.Should().Contain("Nginx:Bad Tag").And.Contain("container web");
    }

    [Test]
    public async Task ReconcileAsync_DryRun_WritesNothingButReportsWouldRewrite()
    {
        await Fixture.DisposeAsync();
        Fixture = await ControllerTestFixture.StartAsync(Registry, options => options with { DryRun = true });
        var web = await Fixture.PushImageAsync("ctl/web");
        await Fixture.Cluster.CreateAsync(SampleWorkloads.Deployment(Fixture.Namespace, "web", ("web", web.Reference)));

        var result = await Fixture.Deployments.ReconcileAsync(await Fixture.HealthyDeploymentAsync("web"), CancellationToken.None);

        result.IsSuccess.Should().BeTrue();
        Fixture.Copier.Requests.Should().ContainSingle();
        Fixture.Writes("deployments").Should().BeEmpty();
        (await Fixture.DeploymentAsync("web")).Spec.Template.Spec.Containers.Single().Image.Should().Be(web.Reference);
        (await Fixture.EventsAsync("web", WorkloadEventReasons.WouldRewrite)).Should().ContainSingle()
            .Which.Message.Should().Contain($"{web.Reference} -> {Fixture.PinnedCopyOf(web)}");
    }

    /// <summary>The Deployment once its status counts every replica as updated and none as available: its pods run, held not Ready.</summary>
    private Task<V1Deployment> HeldDeploymentAsync(int replicas) =>
        Fixture.DeploymentWhenAsync("web",
            d => d.Status?.ObservedGeneration >= d.Metadata.Generation && d.Status.UpdatedReplicas == replicas && d.Status.UnavailableReplicas == replicas,
            $"counts {replicas} updated, unavailable replicas");
}
