using ImageClone.Registry;

namespace ImageClone.Mirroring;

/// <summary>
/// What <see cref="IImageMirror"/> needs to know of one workload's pod template.
/// <see cref="RunningImageIds"/> maps a container name to the distinct image IDs its running pods of the current
/// template report (empty when none reports a usable one); a container with no such pod running is absent.
/// <see cref="NodePlatforms"/> gives the platforms of the nodes the workload's pods can be scheduled on (asked only
/// when a pin depends on them).
/// </summary>
public sealed record WorkloadSnapshot(
    WorkloadKind Kind,
    string Namespace,
    string Name,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyList<ContainerImage> Images,
    RolloutStatus Rollout,
    IReadOnlyDictionary<string, IReadOnlyList<RunningImageId>> RunningImageIds,
    IRegistryCredentials? PullCredentials)
{
    /// <summary>The platforms of the nodes the pods can run on; none known by default (then no pin relies on them).</summary>
    public Func<CancellationToken, Task<IReadOnlyList<ImagePlatform>>> NodePlatforms { get; init; } = NoNodes;

    /// <summary>The workload's identity in logs, events and per-workload state: <c>Deployment/ns/name</c>.</summary>
    public string Key => WorkloadKey.Of(Kind, Namespace, Name);

    private static Task<IReadOnlyList<ImagePlatform>> NoNodes(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ImagePlatform>>([]);
}
