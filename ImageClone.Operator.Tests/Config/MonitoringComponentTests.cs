using System.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace ImageClone.Tests.Config;

/// <summary>config/prometheus, a kustomize component: an overlay of config/ that includes it builds, and its Service reaches the manager's pods.</summary>
public class MonitoringComponentTests
{
    private static List<YamlMappingNode> _documents = [];

    [OneTimeSetUp]
    public static async Task BuildOverlay()
    {
        var overlay = Directory.CreateTempSubdirectory("imageclone-overlay-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(overlay.FullName, "kustomization.yaml"), $"""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - {Path.GetRelativePath(overlay.FullName, RepositoryPaths.Of("config"))}
                components:
                  - {Path.GetRelativePath(overlay.FullName, RepositoryPaths.Of("config/prometheus"))}
                """);
            var start = new ProcessStartInfo("kubectl", ["kustomize", "--load-restrictor", "LoadRestrictionsNone", overlay.FullName])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl could not be started (is it installed?)");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            process.ExitCode.Should().Be(0, "kubectl kustomize of an overlay with the component failed: {0}", await error);
            var stream = new YamlStream();
            stream.Load(new StringReader(await output));
            _documents = [.. stream.Documents.Select(d => (YamlMappingNode)d.RootNode)];
        }
        finally
        {
            overlay.Delete(recursive: true);
        }
    }

    [Test]
    public void Overlay_WithTheComponent_AddsServiceServiceMonitorAndRulesInTheOperatorsNamespace()
    {
        foreach (var kind in new[] { "Service", "ServiceMonitor", "PrometheusRule" })
        {
            Text(Single(kind), "metadata", "namespace").Should().Be("imageclone-system", kind);
        }

        Text(Single("Service"), "metadata", "name").Should().Be("imageclone-metrics", "the rules select job=\"imageclone-metrics\", the Service's name");
    }

    [Test]
    public void Service_SelectsTheManagersPodsAndItsHttpPort()
    {
        var podLabels = (YamlMappingNode)Node(Single("Deployment"), "spec", "template", "metadata", "labels");
        var selector = (YamlMappingNode)Node(Single("Service"), "spec", "selector");
        selector.Children.Should().NotBeEmpty();
        foreach (var (key, value) in selector.Children)
        {
            podLabels.Children.Should().ContainKey(key).WhoseValue.ToString().Should().Be(value.ToString());
        }

        var containerPorts = ((YamlSequenceNode)Node(Single("Deployment"), "spec", "template", "spec", "containers")).Children
            .SelectMany(c => ((YamlSequenceNode)((YamlMappingNode)c)["ports"]).Children).Select(p => Text((YamlMappingNode)p, "name"));
        var servicePort = (YamlMappingNode)((YamlSequenceNode)Node(Single("Service"), "spec", "ports")).Children.Single();
        containerPorts.Should().Contain(Text(servicePort, "targetPort"));
    }

    [Test]
    public void ServiceMonitor_SelectsTheServiceAndScrapesMetrics()
    {
        var serviceLabels = (YamlMappingNode)Node(Single("Service"), "metadata", "labels");
        var matchLabels = (YamlMappingNode)Node(Single("ServiceMonitor"), "spec", "selector", "matchLabels");
        foreach (var (key, value) in matchLabels.Children)
        {
            serviceLabels.Children.Should().ContainKey(key).WhoseValue.ToString().Should().Be(value.ToString());
        }

        var endpoint = (YamlMappingNode)((YamlSequenceNode)Node(Single("ServiceMonitor"), "spec", "endpoints")).Children.Single();
        Text(endpoint, "path").Should().Be("/metrics");
        Text(endpoint, "port").Should().Be(Text((YamlMappingNode)((YamlSequenceNode)Node(Single("Service"), "spec", "ports")).Children.Single(), "name"));
    }

    private static YamlMappingNode Single(string kind) => _documents.Single(d => Text(d, "kind") == kind);

    private static YamlNode Node(YamlMappingNode node, params string[] path) =>
        path.Aggregate((YamlNode)node, (current, key) => ((YamlMappingNode)current)[key]);

    private static string Text(YamlMappingNode node, params string[] path) => Node(node, path).ToString();
}
