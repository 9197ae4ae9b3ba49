using System.Text;
using System.Text.Json;
using ImageClone.Controllers;
using ImageClone.Registry;
using ImageClone.Tests.Support;
using ImageClone.Tests.Support.Kube;
using k8s.Models;

namespace ImageClone.Tests.Controllers;

/// <summary>The workload's image lives on a registry behind basic auth, which its pods can pull from only with the right pull secret.</summary>
internal sealed class PullSecretTests : ControllerTest
{
    private const string Username = "robot";
    private const string Password = "s3cr3t-pa55";

    private RegistryProcess _private = null!;

    [OneTimeSetUp]
    public async Task StartPrivateRegistryAsync() => _private = await RegistryProcess.StartBasicAuthAsync(Username, Password);

    [OneTimeTearDown]
    public async Task StopPrivateRegistryAsync() => await _private.DisposeAsync();

    [Test]
    public async Task ReconcileAsync_DockerConfigPullSecret_CopiesWithItsCredentials()
    {
        await CreateSecretAsync("regcred", DockerConfig(new { auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")) }));
        await CreateDeploymentAsync("regcred");

        await Fixture.Deployments.ReconcileAsync(await Fixture.DeploymentAsync("web"), CancellationToken.None);

        Fixture.Copier.Requests.Should().ContainSingle().Which.SourceCredentials!.For(_private.Host).Should().Be(new RegistryCredential(Username, Password));
        (await Fixture.Cluster.EventsAsync(Fixture.Namespace)).Should().NotContain(e => e.Message.Contains(Password, StringComparison.Ordinal));
    }

    [Test]
    public async Task ReconcileAsync_MissingPullSecret_WarnsNamingItAndCopiesAnonymously()
    {
        await CreateDeploymentAsync("absent");

        var result = await Fixture.Deployments.ReconcileAsync(await Fixture.DeploymentAsync("web"), CancellationToken.None);

        result.IsSuccess.Should().BeTrue();
        Fixture.Copier.Requests.Should().ContainSingle().Which.SourceCredentials.Should().BeNull();
        (await Fixture.EventsAsync("web", WorkloadEventReasons.PullSecretUnusable)).Should().ContainSingle()
            .Which.Message.Should().Contain("absent").And.Contain($"Deployment {Fixture.Namespace}/web").And.Contain("404");
    }

    [Test]
    public async Task ReconcileAsync_MalformedPullSecret_WarnsWithoutItsContentAndUsesTheOthers()
    {
        // The apiserver accepts only JSON in a dockerconfigjson secret: what breaks this one is its "auth", which is not base64.
        await CreateSecretAsync("broken", DockerConfig(new { auth = $"not base64 {Password}" }));
        await CreateSecretAsync("regcred", DockerConfig(new { username = Username, password = Password }));
        await CreateDeploymentAsync("broken", "regcred");

        await Fixture.Deployments.ReconcileAsync(await Fixture.DeploymentAsync("web"), CancellationToken.None);

        Fixture.Copier.Requests.Should().ContainSingle().Which.SourceCredentials!.For(_private.Host)!.Username.Should().Be(Username);
        var warning = (await Fixture.EventsAsync("web", WorkloadEventReasons.PullSecretUnusable)).Should().ContainSingle().Which;
        warning.Message.Should().Contain("broken").And.Contain("malformed").And.NotContain(Password);
    }

    private string DockerConfig(object entry) =>
        JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { [_private.Host] = entry } });

    private Task<V1Secret> CreateSecretAsync(string name, string dockerConfigJson) => Fixture.Cluster.CreateAsync(new V1Secret
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Fixture.Namespace },
        Type = "kubernetes.io/dockerconfigjson",
        Data = new Dictionary<string, byte[]> { [".dockerconfigjson"] = Encoding.UTF8.GetBytes(dockerConfigJson) },
    });

    private async Task CreateDeploymentAsync(params string[] pullSecrets)
    {
        var image = await TestImages.PushAsync(_private, "private/app", Username, Password);
        var deployment = SampleWorkloads.Deployment(Fixture.Namespace, "web", ("web", image.Reference));
        deployment.Spec.Template.Spec.ImagePullSecrets = [.. pullSecrets.Select(name => new V1LocalObjectReference { Name = name })];
        await Fixture.Cluster.CreateAsync(deployment);
    }
}
