namespace ImageClone.Mirroring;

/// <summary>The parts of a Deployment's spec and status that say whether its rollout is done.</summary>
public sealed record DeploymentRolloutState(
    long? Generation,
    long? ObservedGeneration,
    int? SpecReplicas,
    bool Paused,
    int? StatusReplicas,
    int? UpdatedReplicas,
    int? AvailableReplicas,
    int? UnavailableReplicas);
