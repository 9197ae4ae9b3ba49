using ImageClone.Registry;

namespace ImageClone.Mirroring;

/// <summary>Decides, for one workload's pod template, what to copy and whether to rewrite it; copies as it goes.</summary>
public interface IImageMirror
{
    /// <summary>
    /// The decision that needs no pods, pull secrets or registry (skipped, or already up to date);
    /// null when the workload needs <see cref="DecideAsync"/> with running image IDs and credentials.
    /// </summary>
    MirrorDecision? Screen(WorkloadSnapshot snapshot);

    /// <summary>Copies what is missing and decides. Never throws for a bad image or registry: that is a <see cref="MirrorCopyFailed"/>.</summary>
    Task<MirrorDecision> DecideAsync(WorkloadSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>
    /// For a rewritten, converged workload: checks that the copies it runs are still in the mirror, copying a missing
    /// one again from its recorded original (with <paramref name="pullCredentials"/>, read only then).
    /// </summary>
    Task<IReadOnlyList<RecheckFinding>> RecheckAsync(WorkloadSnapshot snapshot, Func<Task<IRegistryCredentials?>> pullCredentials, CancellationToken cancellationToken);
}
