using System.Net;
using ImageClone.Tests.Support.Kube;
using Microsoft.Extensions.Logging;

namespace ImageClone.Tests.EndToEnd;

/// <summary>429 Too Many Requests from the API server (API Priority and Fairness) is waited out, not taken for a failed reconcile.</summary>
[TestFixture]
internal sealed class ApiThrottlingTests : ClusterTest
{
    [Test]
    public async Task Operator_PatchesAnsweredTooManyRequests_WaitsRetryAfterAndWritesOnceWithoutAFailedReconcile()
    {
        var image = await Registries.PushPublicAsync("throttled");
        Cluster.Kube.Faults.FailNext("patch", "deployments", HttpStatusCode.TooManyRequests, count: 2, name: "throttled");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "throttled", ("app", image.Reference)));

        await using var replica = await OperatorHarness.StartAsync(Cluster);

        await Cluster.WaitForDeploymentImagesAsync(Shop, "throttled", Registries.MirrorOf(image));
        await Cluster.WaitForAcceptedWriteAsync("deployments", Shop, "throttled");
        Cluster.WritesTo("deployments", Shop, "throttled").Select(w => w.StatusCode).Should().Equal(429, 429, 200);
        replica.Logs.Should().NotContain(log => log.Level >= LogLevel.Warning && log.Message.Contains("throttled", StringComparison.Ordinal),
            "the client waited out Retry-After: the reconcile did not fail");
    }
}
