using System.Text;
using ImageClone.Tests.Support.FakeKube;
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
        Cluster.Server.Create(PullSecrets.DockerConfigJson("bank", "good", host, EndToEndRegistries.PrivateUser, Registries.PrivatePassword));
        Cluster.Server.Create(PullSecrets.DockerConfigJson("bank", "wrong", host, EndToEndRegistries.PrivateUser, wrongPassword));
        Cluster.Server.Create(MalformedSecret("bank", "malformed", host, malformedPassword));
        Cluster.Server.Create(SampleWorkloads.Deployment("bank", "good", ("app", good.Reference)).WithPullSecret("good"));
        Cluster.Server.Create(SampleWorkloads.Deployment("bank", "wrong", ("app", wrong.Reference)).WithPullSecret("wrong"));
        Cluster.Server.Create(SampleWorkloads.Deployment("bank", "malformed", ("app", malformed.Reference)).WithPullSecret("malformed"));

        var replica = await OperatorHarness.StartAsync(Cluster);
        await Cluster.WaitForDeploymentImagesAsync("bank", "good", Registries.MirrorOf(good));
        await Cluster.WaitForEventAsync("bank", "wrong", "CopyFailed");
        await Cluster.WaitForEventAsync("bank", "malformed", "PullSecretUnusable");
        await Cluster.WaitForEventAsync("bank", "malformed", "CopyFailed");
        var metrics = await replica.MetricsAsync();
        await replica.StopAsync();

        var secrets = new SecretSearch()
            .Add(EndToEndRegistries.TargetUser, Registries.TargetPassword)
            .Add(EndToEndRegistries.PrivateUser, Registries.PrivatePassword)
            .Add(EndToEndRegistries.PrivateUser, wrongPassword)
            .Add(EndToEndRegistries.PrivateUser, malformedPassword);
        secrets.FindIn(Haystack(replica, metrics)).Should().BeEmpty();
    }

    [Test]
    public async Task Operator_WrongTargetPassword_FailsTheCopyAndLeaksNoSecret()
    {
        var wrongTargetPassword = $"wrong-target-{Guid.NewGuid():N}";
        var image = await Registries.PushPublicAsync("leak-target");
        Cluster.Server.Create(SampleWorkloads.Deployment("shop", "refused", ("app", image.Reference)));

        var replica = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions().WithEnvironment("REGISTRY_PASSWORD", wrongTargetPassword));
        await Cluster.WaitForEventAsync("shop", "refused", "CopyFailed");
        var metrics = await replica.MetricsAsync();
        await replica.StopAsync();

        Cluster.DeploymentImages("shop", "refused").Should().Equal(image.Reference);
        Cluster.Events("shop", "refused", "CopyFailed").Single().Message.Should().Contain(Registries.Target.Host);
        new SecretSearch().Add(EndToEndRegistries.TargetUser, wrongTargetPassword).FindIn(Haystack(replica, metrics)).Should().BeEmpty();
    }

    private IEnumerable<(string Source, string Text)> Haystack(OperatorHarness replica, string metrics) =>
    [
        .. replica.Logs.Select(log => ($"log \"{log.Message}\"", log.AllText)),
        .. replica.ConsoleLines.Select(line => ("console", line)),
        .. Cluster.Server.List<Corev1Event>().Select(e => ($"event {e.Reason} on {e.InvolvedObject.Name}", e.Message ?? "")),
        ("/metrics", metrics),
    ];

    /// <summary>A dockerconfigjson Secret whose JSON is cut short, right after a credential.</summary>
    private static V1Secret MalformedSecret(string ns, string name, string registry, string password)
    {
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{EndToEndRegistries.PrivateUser}:{password}"));
        var secret = PullSecrets.DockerConfigJson(ns, name, registry, EndToEndRegistries.PrivateUser, password);
        secret.Data[".dockerconfigjson"] = Encoding.UTF8.GetBytes($"{{\"auths\":{{\"{registry}\":{{\"password\":\"{password}\",\"auth\":\"{auth}\"");
        return secret;
    }
}
