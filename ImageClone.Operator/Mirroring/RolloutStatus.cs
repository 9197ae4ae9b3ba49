namespace ImageClone.Mirroring;

/// <summary>Whether a workload's rollout has finished; <see cref="Reason"/> says why not.</summary>
public sealed record RolloutStatus(bool IsHealthy, string? Reason)
{
    public static RolloutStatus Healthy { get; } = new(true, null);

    public static RolloutStatus Unhealthy(string reason) => new(false, reason);
}
