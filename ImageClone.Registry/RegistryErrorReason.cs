namespace ImageClone.Registry;

/// <summary>Why a registry operation failed; also the <c>reason</c> label of the copy-failure metric.</summary>
public enum RegistryErrorReason
{
    Unauthorized,
    Denied,
    NotFound,
    DigestMismatch,
    UnsupportedManifest,
    RateLimited,
    Unavailable,
    Network,
    Timeout,
    Protocol,
}
