namespace ImageClone.Registry;

/// <summary>
/// Reads what an image reference names without copying it: a tag's digest, a manifest's children and config, a
/// manifest's platform. Credentials are a workload's pull secrets (the target's own credential for the target registry).
/// A refusal that retrying cannot change (401, 403, 404) is an answer: the registry does not give this image to these
/// credentials, and the methods return null; a transient failure throws <see cref="RegistryException"/>.
/// </summary>
public interface IManifestReader
{
    /// <summary>The digest <paramref name="image"/>'s tag (or digest) names now, by HEAD; null when refused.</summary>
    Task<string?> DigestAsync(ImageReference image, IRegistryCredentials? credentials, CancellationToken cancellationToken);

    /// <summary>The manifest <paramref name="image"/> names, by GET; null when refused.</summary>
    Task<ImageTree?> ReadAsync(ImageReference image, IRegistryCredentials? credentials, CancellationToken cancellationToken);

    /// <summary>The config digests of <paramref name="tree"/>'s image manifests (each child's, for an index); those refused are left out.</summary>
    Task<IReadOnlyList<string>> ConfigDigestsAsync(ImageReference image, ImageTree tree, IRegistryCredentials? credentials, CancellationToken cancellationToken);

    /// <summary>The platform of the image manifest <paramref name="image"/> names, from its config; null when refused or not an image manifest.</summary>
    Task<ImagePlatform?> PlatformAsync(ImageReference image, IRegistryCredentials? credentials, CancellationToken cancellationToken);
}
