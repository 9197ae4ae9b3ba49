using System.Text;
using ImageClone.Controllers;
using ImageClone.Tests.Support.Kube;
using k8s.Models;

namespace ImageClone.Tests.Controllers;

/// <summary>
/// The controllers' <c>[EntityRbac]</c> declarations grant every call they make: they run as a plain user bound only to the
/// ClusterRole generated from them, so the real apiserver answers 403 to any call a declaration misses.
/// </summary>
internal sealed class ControllersUnderGeneratedRoleTests : ControllerTest
{
    protected override Task<ControllerTestFixture> StartFixtureAsync() =>
        ControllerTestFixture.StartUnderRoleAsync(Registry, "user-3", ControllerTestFixture.GeneratedRole());

    [Test]
    public async Task ReconcileAsync_UnderGeneratedRole_RewritesAfterConflictWithoutForbiddenCalls()
    {
        await Fixture.Cluster.CreateAsync(new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta { Name = "regcred", NamespaceProperty = Fixture.Namespace },
            Type = "kubernetes.io/dockerconfigjson",
            Data = new Dictionary<string, byte[]> { [".dockerconfigjson"] = Encoding.UTF8.GetBytes("""{"auths":{}}""") },
        });
        var web = await Fixture.PushImageAsync("ctl/web");
        var deployment = SampleWorkloads.Deployment(Fixture.Namespace, "web", ("web", web.Reference));
        deployment.Spec.Template.Spec.ImagePullSecrets = [new V1LocalObjectReference { Name = "regcred" }];
        await Fixture.Cluster.CreateAsync(deployment);
        var agent = await Fixture.PushImageAsync("ctl/agent");
        await Fixture.Cluster.CreateAsync(SampleWorkloads.DaemonSet(Fixture.Namespace, "agent", ("agent", agent.Reference)));
        var healthyDeployment = await Fixture.HealthyDeploymentAsync("web");
        var healthyDaemonSet = await Fixture.HealthyDaemonSetAsync("agent");
        Fixture.Cluster.Faults.FailNext("patch", "deployments", System.Net.HttpStatusCode.Conflict);

        var deploymentResult = await Fixture.Deployments.ReconcileAsync(healthyDeployment, CancellationToken.None);
        var daemonSetResult = await Fixture.DaemonSets.ReconcileAsync(healthyDaemonSet, CancellationToken.None);

        (deploymentResult.IsSuccess, daemonSetResult.IsSuccess).Should().Be((true, true));
        Fixture.Requests.Should().NotContain(r => r.StatusCode == 403);
        Fixture.Requests.Select(r => (r.Verb, r.Resource)).Should().Contain(
            [("list", "pods"), ("watch", "pods"), ("get", "secrets"), ("get", "deployments"), ("patch", "deployments"), ("patch", "daemonsets"), ("create", "events")]);
    }

    [Test]
    public async Task ReconcileAsync_RepeatedEventUnderGeneratedRole_PatchesItsCount()
    {
        var gone = $"{Registry.Host}/ctl/gone:v1";
        Fixture.Copier.Fail(gone);
        await Fixture.Cluster.CreateAsync(SampleWorkloads.Deployment(Fixture.Namespace, "web", ("app", gone)));

        await Fixture.Deployments.ReconcileAsync(await Fixture.DeploymentAsync("web"), CancellationToken.None);
        await Fixture.Deployments.ReconcileAsync(await Fixture.DeploymentAsync("web"), CancellationToken.None);

        Fixture.Requests.Should().Contain(r => r.Verb == "patch" && r.Resource == "events" && r.StatusCode == 200);
        (await Fixture.EventsAsync("web", WorkloadEventReasons.CopyFailed)).Should().ContainSingle().Which.Count.Should().Be(2);
    }
}
