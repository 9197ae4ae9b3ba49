namespace ImageClone.Mirroring;

/// <summary>
/// Whether a workload's rollout has finished; <see cref="Reason"/> says why not. <see cref="Failed"/>: it will not
/// finish by itself (a Deployment past its progress deadline).
/// </summary>
public sealed record RolloutStatus(bool IsHealthy, string? Reason)
{
    public bool Failed { get; init; }

    /// <summary>False for a DaemonSet with <c>updateStrategy: OnDelete</c>: its pods take a new template only when deleted, so its rollout has no end to wait for.</summary>
    public bool FinishesByItself { get; init; } = true;

    /// <summary>How many pods the rollout replaces one after another (a StatefulSet's ordinals at or above its partition); its time limit is per pod.</summary>
    public int PodsInSequence { get; init; } = 1;

    public static RolloutStatus Healthy { get; } = new(true, null);

    public static RolloutStatus Unhealthy(string reason) => new(false, reason);
}
