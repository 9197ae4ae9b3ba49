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
    /// Whether <paramref name="image"/> can be pulled with exactly <paramref name="credential"/> (anonymously when null), as
    /// a pod holding it would: a HEAD of its digest (or tag; a digest must match). A failure that retrying cannot change
    /// (401, 403, 404) is a refusal; a transient one throws <see cref="RegistryException"/>.
    /// </summary>
    Task<PullCheck> CheckPullAsync(ImageReference image, RegistryCredential? credential, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the target registry serves <paramref name="target"/>'s repository anonymously: public when an anonymous
    /// tag list is answered; private when refused and the registry admits nobody without a password, or the repository
    /// exists; <see cref="RepositoryVisibility.Unknown"/> when it does not exist yet on a registry with anonymous access.
    /// </summary>
    Task<RepositoryVisibility> TargetVisibilityAsync(ImageReference target, CancellationToken cancellationToken);
}
