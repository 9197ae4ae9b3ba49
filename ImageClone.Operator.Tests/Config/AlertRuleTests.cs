using ImageClone.Tests.Support.Prometheus;

namespace ImageClone.Tests.Config;

/// <summary>The shipped alerting rules (config/prometheus) pass promtool's check and its unit tests (config/prometheus/tests).</summary>
public class AlertRuleTests
{
    private DirectoryInfo _directory = null!;

    [SetUp]
    public void WriteRuleFile()
    {
        _directory = Directory.CreateTempSubdirectory("imageclone-rules-");
        AlertRuleFile.WriteTo(_directory.FullName);
        File.Copy(RepositoryPaths.Of("config/prometheus/tests/alerts.test.yaml"), Path.Combine(_directory.FullName, "alerts.test.yaml"));
    }

    [TearDown]
    public void DeleteRuleFile() => _directory.Delete(recursive: true);

    [Test]
    public async Task PrometheusRuleSpec_PromtoolCheckRules_FindsEveryAlert()
    {
        var (exitCode, output) = await Promtool.RunAsync(_directory.FullName, "check", "rules", AlertRuleFile.FileName);

        exitCode.Should().Be(0, output);
        output.Should().Contain("SUCCESS: 7 rules found");
    }

    [Test]
    public async Task PrometheusRuleSpec_PromtoolTestRules_Passes()
    {
        var (exitCode, output) = await Promtool.RunAsync(_directory.FullName, "test", "rules", "alerts.test.yaml");

        exitCode.Should().Be(0, output);
        output.Should().Contain("SUCCESS");
    }

    [Test]
    public async Task PromtoolTests_CoverEveryAlert()
    {
        var rules = await File.ReadAllTextAsync(AlertRuleFile.PrometheusRulePath);
        var tests = await File.ReadAllTextAsync(Path.Combine(_directory.FullName, "alerts.test.yaml"));
        var alerts = System.Text.RegularExpressions.Regex.Matches(rules, @"- alert: (\w+)").Select(m => m.Groups[1].Value).ToList();

        alerts.Should().HaveCount(7);
        alerts.Should().OnlyContain(alert => tests.Contains($"alertname: {alert}\n", StringComparison.Ordinal), "each alert has a promtool test");
    }
}
