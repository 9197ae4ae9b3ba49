namespace ImageClone.Registry;

/// <param name="Source">The image to copy; with a digest, exactly that manifest is copied.</param>
/// <param name="Target">Where to put it; its tag (if any) is pointed at the copied manifest.</param>
/// <param name="SourceCredentials">Credentials for the source registry (a workload's pull secrets); null for anonymous.</param>
/// <param name="Progress">Bytes copied so far of the total, reported while blobs stream.</param>
public sealed record ImageCopyRequest(
    ImageReference Source,
    ImageReference Target,
    IRegistryCredentials? SourceCredentials = null,
    IProgress<CopyProgress>? Progress = null);

public readonly record struct CopyProgress(ImageReference Image, long BytesCopied, long BytesTotal);
