using k8s.Models;

namespace ImageClone.Tests.Support.FakeKube;

public class FakeKubeKubectlTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private FakeKubeApiServer _server = null!;

    [SetUp]
    public async Task StartAsync() => _server = await FakeKubeApiServer.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task GetDeploymentsAllNamespaces_Seeded_ListsThem()
    {
        _server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));
        _server.Create(SampleWorkloads.Deployment("ops", "agent", ("app", "busybox:1")));

        var result = await KubectlRunner.RunAsync(_server.WriteKubeconfig(), Timeout, "get", "deployments", "-A");

        result.ExitCode.Should().Be(0, result.Error);
        result.Output.Should().MatchRegex(@"NAMESPACE\s+NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE")
            .And.MatchRegex(@"ops\s+agent\s+1/1\s+1\s+1\s")
            .And.MatchRegex(@"shop\s+web\s+1/1\s+1\s+1\s");
    }

    [Test]
    public async Task GetPodsWide_RolledOutDeployment_PrintsPodColumns()
    {
        _server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));

        var result = await KubectlRunner.RunAsync(_server.WriteKubeconfig(), Timeout, "get", "pods", "-n", "shop", "-o", "wide", "-l", "app=web");

        result.ExitCode.Should().Be(0, result.Error);
        result.Output.Should().MatchRegex(@"NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+NODE").And.MatchRegex(@"web-[a-z0-9]{5}1-0\s+1/1\s+Running\s+0\s+\S+\s+node-1");
    }

    [Test]
    public async Task GetDeploymentJsonPath_Seeded_PrintsImage()
    {
        _server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));

        var result = await KubectlRunner.RunAsync(_server.WriteKubeconfig(), Timeout,
            "get", "deployment", "web", "-n", "shop", "-o", "jsonpath={.spec.template.spec.containers[0].image}");

        result.ExitCode.Should().Be(0, result.Error);
        result.Output.Should().Be("nginx:1.25");
    }

    [Test]
    public async Task RolloutStatus_HealthyDeployment_Succeeds()
    {
        _server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));

        var result = await KubectlRunner.RunAsync(_server.WriteKubeconfig(), Timeout,
            "rollout", "status", "deployment/web", "-n", "shop", "--timeout=20s");

        result.ExitCode.Should().Be(0, result.Error);
        result.Output.Should().Contain("successfully rolled out");
    }

    [Test]
    public async Task RolloutStatus_HealthyDaemonSet_Succeeds()
    {
        _server.Create(SampleWorkloads.DaemonSet("ops", "agent", ("agent", "fluentd:1")));

        var result = await KubectlRunner.RunAsync(_server.WriteKubeconfig(), Timeout,
            "rollout", "status", "daemonset/agent", "-n", "ops", "--timeout=20s");

        result.ExitCode.Should().Be(0, result.Error);
        result.Output.Should().Contain("successfully rolled out");
    }

    [Test]
    public async Task ApplyServerSide_NewDeployment_CreatesIt()
    {
        var manifest = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(manifest, Manifest("ghcr.io/acme/api:2"));

            var result = await KubectlRunner.RunAsync(_server.WriteKubeconfig(), Timeout, "apply", "--server-side", "--validate=false", "-f", manifest);

            result.ExitCode.Should().Be(0, result.Error);
            _server.Get<V1Deployment>("shop", "api")!.Spec.Template.Spec.Containers.Single().Image.Should().Be("ghcr.io/acme/api:2");
        }
        finally
        {
            File.Delete(manifest);
        }
    }

    [Test]
    public async Task RolloutStatus_HeldDeployment_TimesOut()
    {
        _server.Rollouts.Hold("shop", "web");
        _server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25")));

        var result = await KubectlRunner.RunAsync(_server.WriteKubeconfig(), Timeout,
            "rollout", "status", "deployment/web", "-n", "shop", "--timeout=2s");

        result.ExitCode.Should().NotBe(0);
        result.Output.Should().Contain("Waiting for deployment \"web\" rollout to finish");
    }

    [Test]
    public async Task SetImage_ThroughKubectl_BumpsGenerationAndRollsOut()
    {
        _server.Create(SampleWorkloads.Deployment("shop", "web", ("app", "nginx:1.25"), ("sidecar", "envoy:1")));

        var result = await KubectlRunner.RunAsync(_server.WriteKubeconfig(), Timeout,
            "set", "image", "deployment/web", "-n", "shop", "app=nginx:1.26");

        result.ExitCode.Should().Be(0, result.Error);
        var deployment = _server.Get<V1Deployment>("shop", "web")!;
        deployment.Spec.Template.Spec.Containers.Select(c => c.Image).Should().Equal("nginx:1.26", "envoy:1");
        deployment.Status.ObservedGeneration.Should().Be(2);
    }

    // The fake serves no /openapi documents (404), so kubectl's client-side schema validation is off here.
    [Test]
    public async Task Apply_CreateThenChangeImage_CreatesThenPatchesIt()
    {
        var manifest = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(manifest, Manifest("ghcr.io/acme/api:2"));
            var created = await KubectlRunner.RunAsync(_server.WriteKubeconfig(), Timeout, "apply", "--validate=false", "-f", manifest);
            await File.WriteAllTextAsync(manifest, Manifest("ghcr.io/acme/api:3"));
            var configured = await KubectlRunner.RunAsync(_server.WriteKubeconfig(), Timeout, "apply", "--validate=false", "-f", manifest);

            created.ExitCode.Should().Be(0, created.Error);
            configured.ExitCode.Should().Be(0, configured.Error);
            configured.Output.Should().Contain("configured");
            var deployment = _server.Get<V1Deployment>("shop", "api")!;
            deployment.Spec.Template.Spec.Containers.Single().Image.Should().Be("ghcr.io/acme/api:3");
            deployment.Metadata.Generation.Should().Be(2);
        }
        finally
        {
            File.Delete(manifest);
        }
    }

    private static string Manifest(string image) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          namespace: shop
        spec:
          selector:
            matchLabels: {app: api}
          template:
            metadata:
              labels: {app: api}
            spec:
              containers:
              - name: api
                image: {{image}}
        """;
}
