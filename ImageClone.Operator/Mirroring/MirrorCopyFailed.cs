namespace ImageClone.Mirroring;

/// <summary>At least one image could not be copied: nothing is rewritten; a failure, retried with backoff.</summary>
public sealed record MirrorCopyFailed(IReadOnlyList<ImageFailure> Failures, IReadOnlyList<CopiedImage> Copied) : MirrorDecision
{
    public string Summary => string.Join("; ", Failures);
}
