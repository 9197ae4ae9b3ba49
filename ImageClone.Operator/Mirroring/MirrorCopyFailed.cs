namespace ImageClone.Mirroring;

/// <summary>At least one image could not be copied: nothing is rewritten; try again after <see cref="RequeueAfter"/>.</summary>
public sealed record MirrorCopyFailed(IReadOnlyList<ImageFailure> Failures, TimeSpan RequeueAfter, IReadOnlyList<CopiedImage> Copied) : MirrorDecision
{
    public string Summary => string.Join("; ", Failures);
}
