using k8s;
using System.Text;
using ImageClone.Tests.EndToEnd;
using ImageClone.Tests.Faults;
using ImageClone.Tests.Support;
using FaultRule = ImageClone.Tests.Support.FaultRule;
using ImageClone.Tests.Support.Kube;
using k8s.Models;

namespace ImageClone.Tests.Security;

/// <summary>
/// Across a run with failures (refused credentials, registry errors, a missing image, dropped watches), no password
/// nor any base64 form of it shows in the logs, the console, events or /metrics.
/// </summary>
[TestFixture]
internal sealed class CredentialLeakTests : ProxiedClusterTest
{
    [Test]
    public async Task Operator_RunWithFailures_NeverShowsACredential()
    {
        var wrongPassword = $"wrong-{Guid.NewGuid():N}";
        var privateImage = (await Registries.PushPrivateAsync("guarded")).Reference;
        var privateHost = Registries.PrivateSource.Host;
        var secrets = new[]
        {
            PullSecrets.DockerConfigJson(Namespace, "good-login", privateHost, EndToEndRegistries.PrivateUser, Registries.PrivatePassword),
            PullSecrets.DockerConfigJson(Namespace, "bad-login", privateHost, EndToEndRegistries.PrivateUser, wrongPassword),
        };
        foreach (var secret in secrets)
        {
            await Cluster.CreateAsync(secret);
        }

        await Cluster.CreateAsync(SampleWorkloads.Deployment(Namespace, "allowed", ("app", privateImage)).WithPullSecret("good-login"));
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Namespace, "refused", ("app", privateImage)).WithPullSecret("bad-login"));
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Namespace, "missing", ("app", $"{Proxies.Source.Host}/faults/absent:1.0")));
        var flaky = await DeployAsync("flaky");
        Proxies.Target.AddFault(FaultRule.OnUploads(Fault.Answer(503), times: 2));
        Proxies.Target.AddFault(FaultRule.OnManifests(Fault.Answer(401), times: 2, method: "PUT"));

        await using var replica = await StartOperatorAsync();
        await WaitForMirroredAsync(flaky);
        await Cluster.WaitForEventAsync(Namespace, "refused", "CopyFailed");
        await Cluster.WaitForEventAsync(Namespace, "missing", "CopyFailed");
        await Wait.UntilAsync(async () => (await Cluster.DeploymentImagesAsync(Namespace, "allowed"))[0].StartsWith(Proxies.Repository, StringComparison.Ordinal),
            () => "the private image with a good pull secret is mirrored");
        Cluster.Kube.DropWatchConnections();
        await Cluster.Kube.WaitForRequestAsync(r => r.Verb == "watch" && r.User == replica.User && r.Path.Contains("resourceVersion", StringComparison.Ordinal));

        var forbidden = Forbidden(wrongPassword, secrets);
        var metrics = await replica.MetricsAsync();
        var events = (await Cluster.Kube.Admin.CoreV1.ListEventForAllNamespacesAsync()).Items;
        var surfaces = replica.Logs.Select(log => (Where: "log", Text: log.AllText))
            .Concat(replica.ConsoleLines.Select(line => ("console", line)))
            .Concat(events.Select(e => ("event", $"{e.Reason} {e.Message}")))
            .Append(("metrics", metrics))
            .ToList<(string Where, string Text)>();
        surfaces.Should().Contain(s => s.Where == "log" && s.Text.Contains("401", StringComparison.Ordinal), "the refused credentials were logged about");
        foreach (var surface in surfaces)
        {
            foreach (var secret in forbidden)
            {
                surface.Text.Should().NotContain(secret, $"the {surface.Where} must not show a credential");
            }
        }
    }

    /// <summary>Each password, user:password and the pull secrets' content, plain and base64.</summary>
    private List<string> Forbidden(string wrongPassword, IEnumerable<V1Secret> secrets)
    {
        var plain = new List<string>
        {
            Registries.TargetPassword,
            Registries.PrivatePassword,
            wrongPassword,
            $"{EndToEndRegistries.TargetUser}:{Registries.TargetPassword}",
            $"{EndToEndRegistries.PrivateUser}:{Registries.PrivatePassword}",
            $"{EndToEndRegistries.PrivateUser}:{wrongPassword}",
        };
        plain.AddRange(secrets.Select(s => Encoding.UTF8.GetString(s.Data[".dockerconfigjson"])));
        return [.. plain, .. plain.Select(p => Convert.ToBase64String(Encoding.UTF8.GetBytes(p)))];
    }
}
