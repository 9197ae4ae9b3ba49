namespace ImageClone.Mirroring;

/// <summary>The parts of a DaemonSet's status that say whether its rollout is done.</summary>
public sealed record DaemonSetRolloutState(
    long? Generation,
    long? ObservedGeneration,
    int? DesiredNumberScheduled,
    int? UpdatedNumberScheduled,
    int? NumberAvailable,
    bool OnDelete = false);
