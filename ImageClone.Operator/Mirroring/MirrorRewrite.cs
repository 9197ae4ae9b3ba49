namespace ImageClone.Mirroring;

/// <summary>
/// Every image is copied and the rollout is healthy: apply <see cref="Rewrites"/> and set the
/// <see cref="OriginalImages.AnnotationName"/> annotation to <see cref="OriginalImagesAnnotation"/>
/// (the earlier originals merged with these).
/// </summary>
public sealed record MirrorRewrite(IReadOnlyList<ImageRewrite> Rewrites, string OriginalImagesAnnotation, IReadOnlyList<CopiedImage> Copied) : MirrorDecision;
