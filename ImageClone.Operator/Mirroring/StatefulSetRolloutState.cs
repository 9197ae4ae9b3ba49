namespace ImageClone.Mirroring;

/// <summary>
/// The parts of a StatefulSet's spec and status that say whether its rollout is done. <see cref="Partition"/> is
/// <c>updateStrategy.rollingUpdate.partition</c>: only ordinals at or above it take a new template.
/// </summary>
public sealed record StatefulSetRolloutState(
    long? Generation,
    long? ObservedGeneration,
    int? SpecReplicas,
    int? ReadyReplicas,
    int? UpdatedReplicas,
    string? CurrentRevision,
    string? UpdateRevision,
    int? Partition = null,
    bool OnDelete = false);
