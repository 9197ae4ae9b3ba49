using ImageClone.Tests.Support.Kube;
using YamlDotNet.RepresentationModel;

namespace ImageClone.Tests.Support.Prometheus;

/// <summary>
/// The alerting rules the monitoring component ships (<c>config/prometheus/prometheus-rule.yaml</c>) as the plain
/// Prometheus rule file its <c>spec</c> is, for promtool and a real Prometheus server.
/// </summary>
internal static class AlertRuleFile
{
    /// <summary>The name config/prometheus/tests/alerts.test.yaml gives the rule file.</summary>
    public const string FileName = "imageclone.rules.yaml";

    public static string PrometheusRulePath { get; } = Path.Combine(TestbedRoot.Path, "config", "prometheus", "prometheus-rule.yaml");

    /// <summary>Writes the PrometheusRule's spec to <paramref name="directory"/>/<see cref="FileName"/>; returns its path.</summary>
    public static string WriteTo(string directory)
    {
        var source = new YamlStream();
        source.Load(new StringReader(File.ReadAllText(PrometheusRulePath)));
        var spec = ((YamlMappingNode)source.Documents.Single().RootNode)["spec"];

        using var text = new StringWriter();
        new YamlStream(new YamlDocument(spec)).Save(text, assignAnchors: false);
        var path = Path.Combine(directory, FileName);
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
