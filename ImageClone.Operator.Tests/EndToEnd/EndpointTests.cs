using System.Net;
using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.EndToEnd;

/// <summary>/healthz, /readyz and /metrics of a running operator (issue #4).</summary>
[TestFixture]
internal sealed class EndpointTests : ClusterTest
{
    [Test]
    public async Task Healthz_OperatorRunning_Answers200()
    {
        await using var replica = await OperatorHarness.StartAsync(Cluster);

        using var response = await replica.Http.GetAsync(new Uri("/healthz", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task Readyz_BeforeLeadershipSettles_Answers503ThenOnceLeading200()
    {
        Cluster.Kube.Faults.FailAll("*", "leases", HttpStatusCode.InternalServerError);
        await using var replica = await OperatorHarness.StartAsync(Cluster);
        await Cluster.Kube.WaitForRequestAsync(r => r.Resource == "leases" && r.User == replica.User && r.StatusCode == 500);

        (await ReadyzAsync(replica)).Should().Be(HttpStatusCode.ServiceUnavailable);
        replica.ConsoleLines.Should().NotContain(
            line => line.Contains("Microsoft.Extensions.Diagnostics.HealthChecks", StringComparison.Ordinal),
            "an unready /readyz is normal while starting, not an error to print");

        Cluster.Kube.Faults.Clear();
        await Wait.UntilAsync(async () => await ReadyzAsync(replica) == HttpStatusCode.OK, () => "/readyz answers 200 once leading");
    }

    [Test]
    public async Task Readyz_LeaderBeforeItsWatchesSync_Answers503ThenOnceSynced200()
    {
        Cluster.Kube.Faults.FailAll("list", "deployments", HttpStatusCode.ServiceUnavailable);
        await using var replica = await OperatorHarness.StartAsync(Cluster);
        await Cluster.Kube.WaitForRequestAsync(r => r.Verb == "list" && r.Resource == "deployments" && r.User == replica.User && r.StatusCode == 503);

        replica.State.IsLeader.Should().BeTrue();
        (await ReadyzAsync(replica)).Should().Be(HttpStatusCode.ServiceUnavailable);

        Cluster.Kube.Faults.Clear();
        await Wait.UntilAsync(async () => await ReadyzAsync(replica) == HttpStatusCode.OK, () => "/readyz answers 200 once the watches synced");
    }

    [Test]
    public async Task Metrics_AfterCopiesRewritesAndAFailure_ExposesMirroringAndRuntimeMetrics()
    {
        var image = await Registries.PushPublicAsync("measured");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "measured", ("app", image.Reference)));
        await Cluster.CreateAsync(SampleWorkloads.DaemonSet(Ops, "failing", ("app", $"{Registries.Source.Host}/e2e/absent:1.0")));
        await using var replica = await OperatorHarness.StartAsync(Cluster);
        await Cluster.WaitForDeploymentImagesAsync(Shop, "measured", Registries.MirrorOf(image));
        await Cluster.WaitForEventAsync(Ops, "failing", "CopyFailed");

        // Counters are bumped right after the writes and events the test can see: read until they caught up.
        var metrics = "";
        await Wait.UntilAsync(
            async () => Has(metrics = await replica.MetricsAsync(), "imageclone_workloads_rewritten_total{kind=\"Deployment\"}")
                && Has(metrics, "operator_reconcile_errors_total{kind=\"DaemonSet\"}"),
            () => $"/metrics counts the rewrite and the failed reconcile:\n{metrics}");

        Value(metrics, "imageclone_images_copied_total").Should().BeGreaterThanOrEqualTo(1);
        Value(metrics, "imageclone_copied_bytes_total").Should().BeGreaterThanOrEqualTo(image.TotalBlobBytes);
        Value(metrics, "imageclone_workloads_rewritten_total{kind=\"Deployment\"}").Should().BeGreaterThanOrEqualTo(1);
        Value(metrics, "operator_reconcile_errors_total{kind=\"DaemonSet\"}").Should().BeGreaterThanOrEqualTo(1);
        Value(metrics, "operator_leader").Should().Be(1);
        metrics.Should().Contain("operator_queue_depth{kind=\"Deployment\"}").And.Contain("imageclone_image_copy_failures_total{reason=\"NotFound\"}");
    }

    private static async Task<HttpStatusCode> ReadyzAsync(OperatorHarness replica)
    {
        using var response = await replica.Http.GetAsync(new Uri("/readyz", UriKind.Relative));
        return response.StatusCode;
    }

    private static bool Has(string metrics, string sample) =>
        metrics.Split('\n').Any(l => l.StartsWith(sample + " ", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal));

    /// <summary>The value of one sample line of the Prometheus text format, e.g. <c>name{label="x"} 3</c>.</summary>
    private static double Value(string metrics, string sample)
    {
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(sample + " ", StringComparison.Ordinal))
            ?? throw new AssertionException($"no sample {sample} in /metrics:\n{metrics}");
        return double.Parse(line[(sample.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
