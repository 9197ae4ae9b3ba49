using System.Text;
using ImageClone.Controllers;
using ImageClone.Tests.Support.FakeKube;
using k8s.Models;

namespace ImageClone.Tests.Controllers;

/// <summary>The controllers' <c>[EntityRbac]</c> declarations grant every call they make (the fake API server enforces the generated role).</summary>
internal sealed class ControllersUnderGeneratedRoleTests : ControllerTest
{
    protected override Task<ControllerTestFixture> StartFixtureAsync() => ControllerTestFixture.StartWithGeneratedRoleAsync();

    [Test]
    public async Task ReconcileAsync_UnderGeneratedRole_RewritesAfterConflictWithoutForbiddenCalls()
    {
        Fixture.Server.Create(new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta { Name = "regcred", NamespaceProperty = ControllerTestFixture.Namespace },
            Type = "kubernetes.io/dockerconfigjson",
            Data = new Dictionary<string, byte[]> { [".dockerconfigjson"] = Encoding.UTF8.GetBytes("""{"auths":{}}""") },
        });
        var deployment = SampleWorkloads.Deployment(ControllerTestFixture.Namespace, "web", ("web", "nginx:1.25"));
        deployment.Spec.Template.Spec.ImagePullSecrets = [new V1LocalObjectReference { Name = "regcred" }];
        Fixture.Server.Create(deployment);
        Fixture.Server.Create(SampleWorkloads.DaemonSet(ControllerTestFixture.Namespace, "agent", ("agent", "fluent/fluent-bit:3.0")));
        Fixture.Server.Faults.FailNext("patch", "deployments", System.Net.HttpStatusCode.Conflict);

        var deploymentResult = await Fixture.Deployments.ReconcileAsync(Fixture.Deployment("web"), CancellationToken.None);
        var daemonSetResult = await Fixture.DaemonSets.ReconcileAsync(Fixture.Server.Get<V1DaemonSet>(ControllerTestFixture.Namespace, "agent")!, CancellationToken.None);

        (deploymentResult.IsSuccess, daemonSetResult.IsSuccess).Should().Be((true, true));
        Fixture.Server.Requests.Where(r => r.Resource is not null).Should().NotContain(r => r.StatusCode == 403);
        Fixture.Server.Requests.Select(r => (r.Verb, r.Resource)).Should().Contain([("list", "pods"), ("get", "secrets"), ("get", "deployments"), ("patch", "daemonsets"), ("create", "events")]);
    }

    [Test]
    public async Task ReconcileAsync_RepeatedEventUnderGeneratedRole_PatchesItsCount()
    {
        Fixture.Copier.Fail("quay.io/gone/app");
        Fixture.Server.Create(SampleWorkloads.Deployment(ControllerTestFixture.Namespace, "web", ("app", "quay.io/gone/app:v1")));

        await Fixture.Deployments.ReconcileAsync(Fixture.Deployment("web"), CancellationToken.None);
        await Fixture.Deployments.ReconcileAsync(Fixture.Deployment("web"), CancellationToken.None);

        Fixture.Server.Requests.Should().Contain(r => r.Verb == "patch" && r.Resource == "events" && r.StatusCode == 200);
        Fixture.Events("web", WorkloadEventReasons.CopyFailed).Single().Count.Should().Be(2);
    }
}
