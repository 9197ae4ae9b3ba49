using System.Text;
using System.Text.Json;
using ImageClone.Tests.Support.Kube;
using k8s;
using k8s.Models;

namespace ImageClone.Tests.EndToEnd;

/// <summary>
/// The pods a rewrite starts can pull the copy with the credentials they will have: the mirror target here needs
/// credentials to pull, so the operator puts its pull secret in the namespace and adds it in the same patch — or,
/// when it cannot give the pods access, does not rewrite.
/// </summary>
[TestFixture]
internal sealed class PullAccessTests : ClusterTest
{
    private const string PullSecret = "imageclone-pull-secret";

    [Test]
    public async Task Operator_MirrorNeedsCredentials_AddsItsPullSecretAndTheRolloutPullsTheCopy()
    {
        var image = await Registries.PushPublicAsync("needs-login");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "needs-login", replicas: 2, initContainers: [], ("app", image.Reference)));
        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync(Shop, "needs-login", Registries.MirrorOf(image));

        var deployment = await Cluster.DeploymentAsync(Shop, "needs-login");
        deployment.Spec.Template.Spec.ImagePullSecrets.Select(s => s.Name).Should().Equal(PullSecret);
        deployment.Metadata.Annotations["imageclone.io/added-pull-secret"].Should().Be(PullSecret);
        var secret = await Cluster.Kube.Admin.CoreV1.ReadNamespacedSecretAsync(PullSecret, Shop);
        secret.Type.Should().Be("kubernetes.io/dockerconfigjson");
        secret.Metadata.Labels["app.kubernetes.io/managed-by"].Should().Be("imageclone");
        Logins(secret).Should().Equal((Registries.Target.Host, EndToEndRegistries.TargetUser, Registries.TargetPassword));
        await AssertRolloutCompletesOnTheCopyAsync("needs-login", Registries.MirrorOf(image));
    }

    [Test]
    public async Task Operator_ReadOnlyPullCredential_IsTheOneThePodsGet()
    {
        var image = await Registries.PushPublicAsync("read-only");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "read-only", ("app", image.Reference)));
        await using var replica = await OperatorHarness.StartAsync(Cluster, ReaderOptions(Registries.PullPassword));

        await Cluster.WaitForDeploymentImagesAsync(Shop, "read-only", Registries.MirrorOf(image));

        var secret = await Cluster.Kube.Admin.CoreV1.ReadNamespacedSecretAsync(PullSecret, Shop);
        Logins(secret).Should().Equal((Registries.Target.Host, EndToEndRegistries.PullUser, Registries.PullPassword));
        Encoding.UTF8.GetString(secret.Data[".dockerconfigjson"]).Should().NotContain(Registries.TargetPassword, "the push credential stays with the operator");
        await AssertRolloutCompletesOnTheCopyAsync("read-only", Registries.MirrorOf(image));
    }

    [Test]
    public async Task Operator_PullCredentialRefusedByTheMirror_DoesNotRewriteAndWarns()
    {
        var image = await Registries.PushPublicAsync("refused-pull");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "refused-pull", ("app", image.Reference)));
        await using var replica = await OperatorHarness.StartAsync(Cluster, ReaderOptions("not-the-password"));

        await Cluster.WaitForEventAsync(Shop, "refused-pull", "PullAccessMissing");

        var warning = (await Cluster.EventsAsync(Shop, "refused-pull", "PullAccessMissing"))[0];
        warning.Type.Should().Be("Warning");
        warning.Message.Should().Contain(Registries.MirrorOf(image)).And.Contain("401").And.Contain(EndToEndRegistries.PullUser).And.NotContain("not-the-password");
        (await Cluster.DeploymentImagesAsync(Shop, "refused-pull")).Should().Equal(image.Reference);
        Cluster.WritesTo("deployments", Shop, "refused-pull").Should().BeEmpty();
        (await Cluster.Kube.Admin.CoreV1.ListNamespacedSecretAsync(Shop)).Items.Should().NotContain(s => s.Metadata.Name == PullSecret);
    }

    [Test]
    public async Task Operator_WorkloadsOwnPullSecretForTheMirror_IsUsedAndNoneIsAdded()
    {
        var image = await Registries.PushPublicAsync("own-login");
        await Cluster.CreateAsync(PullSecrets.DockerConfigJson(Shop, "team-login", Registries.Target.Host, EndToEndRegistries.PullUser, Registries.PullPassword));
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "own-login", ("app", image.Reference)).WithPullSecret("team-login"));
        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync(Shop, "own-login", Registries.MirrorOf(image));

        (await Cluster.DeploymentAsync(Shop, "own-login")).Spec.Template.Spec.ImagePullSecrets.Select(s => s.Name).Should().Equal("team-login");
        (await Cluster.Kube.Admin.CoreV1.ListNamespacedSecretAsync(Shop)).Items.Should().NotContain(s => s.Metadata.Name == PullSecret);
        await AssertRolloutCompletesOnTheCopyAsync("own-login", Registries.MirrorOf(image));
    }

    [Test]
    public async Task Operator_SomeoneElsesSecretOfThatName_IsLeftAloneAndNothingIsRewritten()
    {
        var image = await Registries.PushPublicAsync("taken-name");
        await Cluster.CreateAsync(PullSecrets.DockerConfigJson(Shop, PullSecret, "registry.example.com", "someone", "their-password"));
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "taken-name", ("app", image.Reference)));
        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForEventAsync(Shop, "taken-name", "PullAccessMissing");

        (await Cluster.EventsAsync(Shop, "taken-name", "PullAccessMissing"))[0].Message.Should().Contain($"{Shop}/{PullSecret}").And.Contain("not the operator's");
        Logins(await Cluster.Kube.Admin.CoreV1.ReadNamespacedSecretAsync(PullSecret, Shop)).Should().Equal(("registry.example.com", "someone", "their-password"));
        Cluster.WritesTo("deployments", Shop, "taken-name").Should().BeEmpty();
    }

    [Test]
    public async Task Operator_PullCredentialChanged_UpdatesTheSecretAfterARestartWithoutRewritingAgain()
    {
        var image = await Registries.PushPublicAsync("rotated");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "rotated", ("app", image.Reference)));
        await using (var first = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions { User = "before-rotation" }))
        {
            await Cluster.WaitForDeploymentImagesAsync(Shop, "rotated", Registries.MirrorOf(image));
            await Cluster.WaitForAcceptedWriteAsync("deployments", Shop, "rotated");
        }

        await using var second = await OperatorHarness.StartAsync(Cluster, ReaderOptions(Registries.PullPassword) with { User = "after-rotation" });

        await Wait.UntilAsync(
            async () => Logins(await Cluster.Kube.Admin.CoreV1.ReadNamespacedSecretAsync(PullSecret, Shop)).Single().User == EndToEndRegistries.PullUser,
            () => "the pull secret holds the new pull credential");
        Cluster.WritesTo("deployments", Shop, "rotated").Should().ContainSingle().Which.User.Should().Be("before-rotation");
        Cluster.Kube.Requests.Should().Contain(r => r.User == "after-rotation" && r.Verb == "update" && r.Resource == "secrets" && r.Name == PullSecret && r.StatusCode == 200);
    }

    private static OperatorHarnessOptions ReaderOptions(string password) =>
        new OperatorHarnessOptions().WithEnvironment("PULL_USERNAME", EndToEndRegistries.PullUser).WithEnvironment("PULL_PASSWORD", password);

    /// <summary>kubectl rollout status completes, every pod runs the copy, and the node pulled it from the target.</summary>
    private async Task AssertRolloutCompletesOnTheCopyAsync(string name, string copy)
    {
        var kubeconfig = Cluster.Kube.Plane.WriteKubeconfig(ControlPlaneUsers.Admin);
        var status = await KubectlRunner.RunAsync(kubeconfig, TimeSpan.FromSeconds(90), "-n", Shop, "rollout", "status", $"deployment/{name}", "--timeout=80s");
        status.ExitCode.Should().Be(0, $"the rollout completes: {status.Output}{status.Error}");
        var repository = copy[..copy.LastIndexOf(':', copy.IndexOf('@', StringComparison.Ordinal))];
        var pods = (await Cluster.Kube.PodsAsync(Shop, name)).Where(p => p.Metadata.DeletionTimestamp is null).ToList();
        pods.Should().NotBeEmpty().And.OnlyContain(p => p.Status.ContainerStatuses[0].ImageID.StartsWith(repository + "@", StringComparison.Ordinal),
            "the pods pulled the copy from the target");
    }

    private static IReadOnlyList<(string Registry, string User, string Password)> Logins(V1Secret secret)
    {
        using var document = JsonDocument.Parse(secret.Data[".dockerconfigjson"]);
        return [.. document.RootElement.GetProperty("auths").EnumerateObject().Select(a => (a.Name, a.Value.GetProperty("username").GetString()!, a.Value.GetProperty("password").GetString()!))];
    }
}
