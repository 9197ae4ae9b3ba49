namespace ImageClone.Mirroring;

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
