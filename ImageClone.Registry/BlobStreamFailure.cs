namespace ImageClone.Registry;

internal enum BlobStreamFailure
{
    DigestMismatch,
    Truncated,
    Stalled,
    SourceFailed,
}
