namespace ImageClone.Registry;

/// <summary>Copies one image (every platform, byte for byte) from a source registry into a target.</summary>
public interface IImageCopier
{
    /// <summary>
    /// Copies <see cref="ImageCopyRequest.Source"/> to <see cref="ImageCopyRequest.Target"/> unless the
    /// target already holds the exact source digest (then nothing is pushed). Throws
    /// <see cref="RegistryException"/> when the image cannot be copied whole; no manifest is
    /// pushed unless everything it references is in the target.
    /// </summary>
    Task<ImageCopyResult> CopyAsync(ImageCopyRequest request, CancellationToken cancellationToken);

    /// <summary>The digest of the source manifest, by HEAD (GET only if the registry gives no digest).</summary>
    Task<string> ResolveDigestAsync(ImageReference source, IRegistryCredentials? credentials, CancellationToken cancellationToken);

    /// <summary>True only when <paramref name="image"/> (which must carry a digest) is in its registry with that exact digest.</summary>
    Task<bool> ExistsAsync(ImageReference image, CancellationToken cancellationToken);

    /// <summary>
    /// Whether <paramref name="image"/> (which must carry a digest) can be pulled with exactly <paramref name="credential"/>
    /// (anonymously when null), as a pod holding it would: a HEAD of that digest. A failure that retrying cannot change
    /// (401, 403, 404) is a refusal; a transient one throws <see cref="RegistryException"/>.
    /// </summary>
    Task<PullCheck> CheckPullAsync(ImageReference image, RegistryCredential? credential, CancellationToken cancellationToken);
}
