namespace ImageClone.Mirroring;

/// <summary>
/// What to do with one workload, one of the sealed cases below (a closed hierarchy: no other assembly adds a case).
/// None carries a delay: a failure is backed off by the operator's queue, a wait is the caller's plain delay.
/// </summary>
public abstract record MirrorDecision
{
    private protected MirrorDecision()
    {
    }
}

/// <summary>The workload is out of scope (its namespace is excluded or it opted out).</summary>
public sealed record MirrorSkipped(string Reason) : MirrorDecision;

/// <summary>Every image already lives under REPOSITORY: nothing to copy, nothing to write.</summary>
public sealed record MirrorUpToDate : MirrorDecision
{
    public static MirrorUpToDate Instance { get; } = new();
}

/// <summary>
/// The operator rewrote this workload, and its original images are back (Argo CD, Flux, Helm or <c>kubectl apply</c>
/// set them back): it is not rewritten again. Each entry names a container, the original it runs again
/// (<see cref="ImageRewrite.From"/>) and the mirror's reference it had (<see cref="ImageRewrite.To"/>).
/// </summary>
public sealed record MirrorSetBack(IReadOnlyList<ImageRewrite> Containers) : MirrorDecision;

/// <summary>The copies are done but the rollout is not healthy: look again after <see cref="MirrorOptions.RolloutCheckInterval"/>.</summary>
public sealed record MirrorWaitingForRollout(string Reason, IReadOnlyList<CopiedImage> Copied) : MirrorDecision;

/// <summary>At least one image could not be copied: nothing is rewritten; a failure, retried with backoff.</summary>
public sealed record MirrorCopyFailed(IReadOnlyList<ImageFailure> Failures, IReadOnlyList<CopiedImage> Copied) : MirrorDecision
{
    public string Summary => string.Join("; ", Failures);
}

/// <summary>
/// Every image is copied and the rollout is healthy, but the pods would not be able to pull a copy with the credentials
/// they would have: nothing is rewritten; a failure, retried with backoff.
/// </summary>
public sealed record MirrorPullAccessMissing(IReadOnlyList<string> Problems, IReadOnlyList<CopiedImage> Copied) : MirrorDecision;

/// <summary>
/// Every image is copied and the rollout is healthy: apply <see cref="Rewrites"/> and set the
/// <see cref="OriginalImages.AnnotationName"/> annotation to <see cref="OriginalImagesAnnotation"/>
/// (the earlier originals merged with these). With a <see cref="PullSecret"/>, that secret is put in the namespace and
/// added to the pod template's <c>imagePullSecrets</c> in the same patch, so the new pods can pull the copies.
/// </summary>
public sealed record MirrorRewrite(IReadOnlyList<ImageRewrite> Rewrites, string OriginalImagesAnnotation, IReadOnlyList<CopiedImage> Copied) : MirrorDecision
{
    /// <summary>What the rewrite writes, for <see cref="OriginalImages.RewrittenAnnotationName"/>: the rollout it starts is followed by it.</summary>
    public string RewrittenImagesAnnotation => OriginalImages.WrittenBy(Rewrites).ToAnnotationValue();

    public PullSecretGrant? PullSecret { get; init; }
}
