using ImageClone.Registry;

namespace ImageClone.Mirroring;

/// <summary>
/// What <see cref="IImageMirror"/> needs to know of one workload's pod template.
/// <see cref="RunningImageIds"/> maps a container name to the manifest digest every running pod
/// agrees on for it; a container whose pods disagree (or that has none running) is absent.
/// </summary>
public sealed record WorkloadSnapshot(
    WorkloadKind Kind,
    string Namespace,
    string Name,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyList<ContainerImage> Images,
    RolloutStatus Rollout,
    IReadOnlyDictionary<string, string> RunningImageIds,
    IRegistryCredentials? PullCredentials)
{
    /// <summary>The workload's identity in logs, events and per-workload state: <c>Deployment/ns/name</c>.</summary>
    public string Key => WorkloadKey.Of(Kind, Namespace, Name);
}
