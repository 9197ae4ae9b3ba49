namespace ImageClone.Registry;

/// <param name="Digest">The manifest digest, the same in source and target.</param>
/// <param name="PinnedTarget">The target reference with tag and digest: <c>target:tag@sha256:…</c>.</param>
/// <param name="AlreadyPresent">True when the target held the digest already and nothing was pushed.</param>
public sealed record ImageCopyResult(
    string Digest,
    ImageReference PinnedTarget,
    bool AlreadyPresent,
    long BytesCopied,
    int BlobsCopied,
    int BlobsMounted,
    int ManifestsPushed);
