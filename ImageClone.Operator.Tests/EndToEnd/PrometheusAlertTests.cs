using ImageClone.Tests.Support.Kube;
using ImageClone.Tests.Support.Prometheus;

namespace ImageClone.Tests.EndToEnd;

/// <summary>A real Prometheus server scrapes a running operator and evaluates the shipped alerting rules (config/prometheus).</summary>
[TestFixture]
internal sealed class PrometheusAlertTests : ClusterTest
{
    private const string Alert = "ImageCloneRewriteReverted";

    [Test]
    public async Task Prometheus_ScrapingTheOperator_FiresRewriteRevertedWhenARewriteIsReverted()
    {
        var image = await Registries.PushPublicAsync("alerted");
        Cluster.Kube.BlockPulls(Registries.Repository, "dial tcp: connect: connection refused (the nodes cannot reach the mirror)");
        await using var replica = await OperatorHarness.StartAsync(Cluster);
        await using var prometheus = await PrometheusServer.StartAsync(replica.BaseAddress);

        // Prometheus has the reverts counter (at 0 in a fresh process) before anything is reverted, and no alert.
        const string reverts = "sum(imageclone_rewrites_reverted_total{kind=\"Deployment\"})";
        double? before = null;
        await Wait.UntilAsync(async () => (before = await prometheus.QueryScalarAsync(reverts)) is not null,
            () => $"Prometheus has scraped {reverts} (target {prometheus.TargetHealthAsync().Result}):\n{prometheus.Output}", TimeSpan.FromSeconds(60));
        (await prometheus.AlertsAsync()).Should().NotContain(a => a.Name == Alert);

        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "alerted", ("app", image.Reference)));
        await Cluster.WaitForEventAsync(Shop, "alerted", "RewriteReverted");

        IReadOnlyList<PrometheusAlert> alerts = [];
        await Wait.UntilAsync(async () => (alerts = await prometheus.AlertsAsync()).Any(a => a is { Name: Alert, State: "firing" }),
            () => $"{Alert} fires (alerts now: [{string.Join(", ", alerts)}]; {reverts} = {prometheus.QueryScalarAsync(reverts).Result}, was {before})",
            TimeSpan.FromSeconds(60));
        var firing = alerts.Single(a => a.Name == Alert);
        firing.Labels.Should().Contain("kind", "Deployment").And.Contain("severity", "warning");
    }
}
