namespace ImageClone.Mirroring;

/// <summary>
/// The operator rewrote this workload, and its original images are back (Argo CD, Flux, Helm or <c>kubectl apply</c>
/// set them back): it is not rewritten again. Each entry names a container, the original it runs again
/// (<see cref="ImageRewrite.From"/>) and the mirror's reference it had (<see cref="ImageRewrite.To"/>).
/// </summary>
public sealed record MirrorSetBack(IReadOnlyList<ImageRewrite> Containers) : MirrorDecision;
