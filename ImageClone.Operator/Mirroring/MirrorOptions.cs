using ImageClone.Registry;

namespace ImageClone.Mirroring;

/// <summary>How workloads are mirrored.</summary>
/// <param name="Repository">REPOSITORY: where copies go.</param>
public sealed record MirrorOptions(MirrorRepository Repository)
{
    /// <summary>The operator's own namespace (CONTROLLER_NAMESPACE), never mirrored.</summary>
    public string? ControllerNamespace { get; init; }

    /// <summary>EXCLUDED_NAMESPACES, never mirrored (kube-system always is).</summary>
    public IReadOnlySet<string> ExcludedNamespaces { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// The read credential rewritten pods get for REPOSITORY's registry when their own pull secrets cannot pull the copy
    /// (PULL_USERNAME/PULL_PASSWORD, else REGISTRY_USERNAME/REGISTRY_PASSWORD); null: none is handed out.
    /// </summary>
    public RegistryCredential? PullCredential { get; init; }

    /// <summary>
    /// NEW_REPOSITORIES_PRIVATE: REPOSITORY's registry creates a repository private on its first push (Harbor private
    /// projects, ECR, GCR/Artifact Registry), so an image that needs credentials at its source may be copied into one that
    /// does not exist yet. False (the default) refuses that, as on Docker Hub, where new repositories are public.
    /// </summary>
    public bool NewRepositoriesPrivate { get; init; }

    /// <summary>The name of the pull secret the operator keeps in each namespace whose workloads need it.</summary>
    public string PullSecretName { get; init; } = "imageclone-pull-secret";

    /// <summary>Copy, but only log and report what would be rewritten.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// How often a rollout that has not finished is looked at: one that holds a rewrite back, and the one a rewrite started.
    /// A plain delay (its status changes queue the workload at once anyway); failures back off in the operator's queue.
    /// </summary>
    public TimeSpan RolloutCheckInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a rewritten DaemonSet may take to finish its rollout before it is reverted (Deployments have their own
    /// progressDeadlineSeconds).
    /// </summary>
    public TimeSpan DaemonSetRolloutTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long each pod a rewritten StatefulSet replaces may take before its rollout is reverted: it replaces its ordinals
    /// one at a time, so the whole rollout may take this times the ordinals it updates.
    /// </summary>
    public TimeSpan StatefulSetPodRolloutTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the copies a rewritten workload runs are checked to be still in the mirror (RECHECK_INTERVAL).</summary>
    public TimeSpan RecheckInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long a finished copy is trusted without asking the registries again.</summary>
    public TimeSpan CopyMemoryDuration { get; init; } = TimeSpan.FromMinutes(2);
}
