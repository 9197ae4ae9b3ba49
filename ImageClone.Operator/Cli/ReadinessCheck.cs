using ImageClone.Operator;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImageClone.Cli;

/// <summary>Ready once leadership is settled and, on the leader, the watches have synced.</summary>
internal sealed class ReadinessCheck(OperatorState state) : IHealthCheck
{
    public const string Tag = "ready";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state switch
        {
            { IsReady: true, IsLeader: true } => HealthCheckResult.Healthy("leader, watches synced"),
            { IsReady: true } => HealthCheckResult.Healthy("follower"),
            { IsLeader: true } => HealthCheckResult.Unhealthy("leader, watches not synced yet"),
            _ => HealthCheckResult.Unhealthy("leadership not settled yet"),
        });
}
