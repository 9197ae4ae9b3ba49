namespace ImageClone.Mirroring;

/// <summary>
/// The parts of a Deployment's spec and status that say whether its rollout is done; <see cref="ProgressDeadlineExceeded"/>
/// is the message of its Progressing=False condition with that reason, when it has one.
/// </summary>
public sealed record DeploymentRolloutState(
    long? Generation,
    long? ObservedGeneration,
    int? SpecReplicas,
    bool Paused,
    int? StatusReplicas,
    int? UpdatedReplicas,
    int? AvailableReplicas,
    int? UnavailableReplicas,
    string? ProgressDeadlineExceeded = null);
