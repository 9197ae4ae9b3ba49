namespace ImageClone.Mirroring;

/// <summary>
/// Whether a workload's rollout has finished; <see cref="Reason"/> says why not. <see cref="Failed"/>: it will not
/// finish by itself (a Deployment past its progress deadline).
/// </summary>
public sealed record RolloutStatus(bool IsHealthy, string? Reason)
{
    public bool Failed { get; init; }

    public static RolloutStatus Healthy { get; } = new(true, null);

    public static RolloutStatus Unhealthy(string reason) => new(false, reason);
}
