using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using ImageClone.Mirroring;
using Prometheus;

namespace ImageClone.Cli;

/// <summary><c>/healthz</c> (the process serves), <c>/readyz</c> (<see cref="ReadinessCheck"/>), <c>/metrics</c> (Prometheus).</summary>
internal static class OperatorEndpoints
{
    public static IEndpointRouteBuilder MapOperatorEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadinessCheck.Tag) });
        MirrorMetrics.Register();
        endpoints.MapMetrics("/metrics");
        return endpoints;
    }
}
