using System.Text;
using System.Text.Json;
using ImageClone.Controllers;
using ImageClone.Registry;
using ImageClone.Tests.Support.FakeKube;
using k8s.Models;

namespace ImageClone.Tests.Controllers;

internal sealed class PullSecretTests : ControllerTest
{
    private const string Password = "s3cr3t-pa55";

    [Test]
    public async Task ReconcileAsync_DockerConfigPullSecret_CopiesWithItsCredentials()
    {
        CreateSecret("regcred", DockerConfig(new { auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("robot:" + Password)) }));
        CreateDeployment("regcred");

        await Fixture.Deployments.ReconcileAsync(Fixture.Deployment("web"), CancellationToken.None);

        Fixture.Copier.Requests.Should().ContainSingle().Which.SourceCredentials!.For("quay.io").Should().Be(new RegistryCredential("robot", Password));
        Fixture.Server.Events(ControllerTestFixture.Namespace).Should().NotContain(e => e.Message.Contains(Password, StringComparison.Ordinal));
    }

    [Test]
    public async Task ReconcileAsync_MissingPullSecret_WarnsNamingItAndCopiesAnonymously()
    {
        CreateDeployment("absent");

        var result = await Fixture.Deployments.ReconcileAsync(Fixture.Deployment("web"), CancellationToken.None);

        result.IsSuccess.Should().BeTrue();
        Fixture.Copier.Requests.Should().ContainSingle().Which.SourceCredentials.Should().BeNull();
        Fixture.Events("web", WorkloadEventReasons.PullSecretUnusable).Should().ContainSingle()
            .Which.Message.Should().Contain("absent").And.Contain("Deployment shop/web").And.Contain("404");
    }

    [Test]
    public async Task ReconcileAsync_MalformedPullSecret_WarnsWithoutItsContentAndUsesTheOthers()
    {
        CreateSecret("broken", $"not json {Password}");
        CreateSecret("regcred", DockerConfig(new { username = "robot", password = Password }));
        CreateDeployment("broken", "regcred");

        await Fixture.Deployments.ReconcileAsync(Fixture.Deployment("web"), CancellationToken.None);

        Fixture.Copier.Requests.Should().ContainSingle().Which.SourceCredentials!.For("quay.io")!.Username.Should().Be("robot");
        var warning = Fixture.Events("web", WorkloadEventReasons.PullSecretUnusable).Should().ContainSingle().Which;
        warning.Message.Should().Contain("broken").And.Contain("malformed").And.NotContain(Password);
    }

    private static string DockerConfig(object quayEntry) =>
        JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { ["quay.io"] = quayEntry } });

    private void CreateSecret(string name, string dockerConfigJson) => Fixture.Server.Create(new V1Secret
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ControllerTestFixture.Namespace },
        Type = "kubernetes.io/dockerconfigjson",
        Data = new Dictionary<string, byte[]> { [".dockerconfigjson"] = Encoding.UTF8.GetBytes(dockerConfigJson) },
    });

    private void CreateDeployment(params string[] pullSecrets)
    {
        var deployment = SampleWorkloads.Deployment(ControllerTestFixture.Namespace, "web", ("web", "quay.io/private/app:v1"));
        deployment.Spec.Template.Spec.ImagePullSecrets = [.. pullSecrets.Select(name => new V1LocalObjectReference { Name = name })];
        Fixture.Server.Create(deployment);
    }
}
