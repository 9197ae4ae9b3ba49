namespace ImageClone.Registry;

/// <param name="Source">The image to copy; with a digest, exactly that manifest is copied.</param>
/// <param name="Target">Where to put it; its tag (if any) is pointed at the copied manifest.</param>
/// <param name="SourceCredentials">Credentials for the source registry (a workload's pull secrets); null for anonymous.</param>
/// <param name="Progress">Bytes copied so far of the total, reported while blobs stream.</param>
/// <param name="CheckSourceAccess">
/// When true (the default) the source is always asked for the manifest with these credentials, even when
/// the source names a digest the target already holds: knowing a digest must not be enough to get a
/// private image. False only when the caller already knows the digest is legitimately in use (a
/// workload's pods run it), so a copy made earlier still serves after the source has gone.
/// </param>
/// <param name="TagTarget">
/// When true (the default) the target's tag is pointed at the copy. False when the copy is not the whole of what the
/// source tag names (one platform of a tag that has moved on): then it is pushed by digest only, and the target tag keeps
/// what it had.
/// </param>
public sealed record ImageCopyRequest(
    ImageReference Source,
    ImageReference Target,
    IRegistryCredentials? SourceCredentials = null,
    IProgress<CopyProgress>? Progress = null,
    bool CheckSourceAccess = true,
    bool TagTarget = true);

public readonly record struct CopyProgress(ImageReference Image, long BytesCopied, long BytesTotal);
