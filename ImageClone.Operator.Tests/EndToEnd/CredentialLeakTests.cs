using k8s;
using System.Text;
using ImageClone.Tests.Support.Kube;
using k8s.Models;

namespace ImageClone.Tests.EndToEnd;

/// <summary>No credential ever appears in a log line, event, metric or exception message (issue #4).</summary>
[TestFixture]
internal sealed class CredentialLeakTests : ClusterTest
{
    [Test]
    public async Task Operator_GoodWrongAndMalformedPullSecrets_LeakNoSecret()
    {
        var wrongPassword = $"wrong-pull-{Guid.NewGuid():N}";
        var malformedPassword = $"malformed-pull-{Guid.NewGuid():N}";
        var good = await Registries.PushPrivateAsync("leak-good");
        var wrong = await Registries.PushPrivateAsync("leak-wrong");
        var malformed = await Registries.PushPrivateAsync("leak-malformed");
        var host = Registries.PrivateSource.Host;
        await Cluster.CreateAsync(PullSecrets.DockerConfigJson(Cluster.Ns("bank"), "good", host, EndToEndRegistries.PrivateUser, Registries.PrivatePassword));
        await Cluster.CreateAsync(PullSecrets.DockerConfigJson(Cluster.Ns("bank"), "wrong", host, EndToEndRegistries.PrivateUser, wrongPassword));
        await Cluster.CreateAsync(MalformedSecret(Cluster.Ns("bank"), "malformed", host, malformedPassword));
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Cluster.Ns("bank"), "good", ("app", good.Reference)).WithPullSecret("good"));
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Cluster.Ns("bank"), "wrong", ("app", wrong.Reference)).WithPullSecret("wrong"));
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Cluster.Ns("bank"), "malformed", ("app", malformed.Reference)).WithPullSecret("malformed"));

        var replica = await OperatorHarness.StartAsync(Cluster);
        await Cluster.WaitForDeploymentImagesAsync(Cluster.Ns("bank"), "good", Registries.MirrorOf(good));
        await Cluster.WaitForEventAsync(Cluster.Ns("bank"), "wrong", "CopyFailed");
        await Cluster.WaitForEventAsync(Cluster.Ns("bank"), "malformed", "PullSecretUnusable");
        await Cluster.WaitForEventAsync(Cluster.Ns("bank"), "malformed", "CopyFailed");
        var metrics = await replica.MetricsAsync();
        await replica.StopAsync();

        var secrets = new SecretSearch()
            .Add(EndToEndRegistries.TargetUser, Registries.TargetPassword)
            .Add(EndToEndRegistries.PrivateUser, Registries.PrivatePassword)
            .Add(EndToEndRegistries.PrivateUser, wrongPassword)
            .Add(EndToEndRegistries.PrivateUser, malformedPassword);
        secrets.FindIn(await HaystackAsync(replica, metrics)).Should().BeEmpty();
    }

    [Test]
    public async Task Operator_WrongTargetPassword_FailsTheCopyAndLeaksNoSecret()
    {
        var wrongTargetPassword = $"wrong-target-{Guid.NewGuid():N}";
        var image = await Registries.PushPublicAsync("leak-target");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "refused", ("app", image.Reference)));

        var replica = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions().WithEnvironment("REGISTRY_PASSWORD", wrongTargetPassword));
        await Cluster.WaitForEventAsync(Shop, "refused", "CopyFailed");
        var metrics = await replica.MetricsAsync();
        await replica.StopAsync();

        (await Cluster.DeploymentImagesAsync(Shop, "refused")).Should().Equal(image.Reference);
        (await Cluster.EventsAsync(Shop, "refused", "CopyFailed")).Single().Message.Should().Contain(Registries.Target.Host);
        new SecretSearch().Add(EndToEndRegistries.TargetUser, wrongTargetPassword).FindIn(await HaystackAsync(replica, metrics)).Should().BeEmpty();
    }

    private async Task<IEnumerable<(string Source, string Text)>> HaystackAsync(OperatorHarness replica, string metrics)
    {
        var events = (await Cluster.Kube.Admin.CoreV1.ListEventForAllNamespacesAsync()).Items;
        return
        [
            .. replica.Logs.Select(log => ($"log \"{log.Message}\"", log.AllText)),
            .. replica.ConsoleLines.Select(line => ("console", line)),
            .. events.Select(e => ($"event {e.Reason} on {e.InvolvedObject.Name}", e.Message ?? "")),
            ("/metrics", metrics),
        ];
    }

    /// <summary>
    /// A dockerconfigjson Secret the apiserver accepts (it checks only that the content is JSON) whose <c>auth</c> is
    /// not base64 and quotes the password, beside the password itself.
    /// </summary>
    private static V1Secret MalformedSecret(string ns, string name, string registry, string password)
    {
        var secret = PullSecrets.DockerConfigJson(ns, name, registry, EndToEndRegistries.PrivateUser, password);
        secret.Data[".dockerconfigjson"] = Encoding.UTF8.GetBytes($"{{\"auths\":{{\"{registry}\":{{\"password\":\"{password}\",\"auth\":\"{EndToEndRegistries.PrivateUser}:{password}!\"}}}}}}");
        return secret;
    }
}
