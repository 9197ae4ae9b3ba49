namespace ImageClone.Registry;

internal enum BlobCopyOutcome
{
    AlreadyPresent,
    Mounted,
    Copied,
}
