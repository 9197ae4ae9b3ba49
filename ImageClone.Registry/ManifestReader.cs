using System.Text.Json;

namespace ImageClone.Registry;

/// <summary><see cref="IManifestReader"/> over the distribution API: HEAD and GET of manifests, one GET of a small config blob.</summary>
internal sealed class ManifestReader(RegistryClient client, RegistryOptions options) : IManifestReader
{
    private const int MaxConfigBytes = 1024 * 1024;

    public Task<string?> DigestAsync(ImageReference image, IRegistryCredentials? credentials, CancellationToken cancellationToken) =>
        UnlessRefusedAsync(() => client.HeadManifestAsync(Access(image, credentials), image.ManifestReference, cancellationToken));

    public Task<ImageTree?> ReadAsync(ImageReference image, IRegistryCredentials? credentials, CancellationToken cancellationToken) =>
        UnlessRefusedAsync(async () => TreeOf(await client.GetManifestAsync(Access(image, credentials), image.ManifestReference, cancellationToken)));

    public async Task<IReadOnlyList<string>> ConfigDigestsAsync(ImageReference image, ImageTree tree, IRegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(tree);
        if (!tree.IsIndex)
        {
            return tree.ConfigDigest is { } config ? [config] : [];
        }

        var configs = new List<string>();
        foreach (var child in tree.Children)
        {
            if (await ReadAsync(image.WithDigest(child.Digest), credentials, cancellationToken) is { ConfigDigest: { } config })
            {
                configs.Add(config);
            }
        }

        return configs;
    }

    public Task<ImagePlatform?> PlatformAsync(ImageReference image, IRegistryCredentials? credentials, CancellationToken cancellationToken) =>
        UnlessRefusedAsync(async () =>
        {
            var access = Access(image, credentials);
            var manifest = await client.GetManifestAsync(access, image.ManifestReference, cancellationToken);
            if (manifest.IsIndex || manifest.Blobs is not [var config, ..])
            {
                return null;
            }

            using var response = await client.GetBlobAsync(access, config.Digest, cancellationToken);
            var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (content.Length > MaxConfigBytes || !Digests.Matches(content, config.Digest))
            {
                throw new RegistryException(access.Image, access.Registry, RegistryErrorReason.DigestMismatch, null,
                    $"config {config.Digest} of {access.Repository} is not what its manifest names");
            }

            using var json = JsonDocument.Parse(content);
            return Manifest.PlatformOf(json.RootElement);
        });

    private static ImageTree TreeOf(Manifest manifest) => new(
        manifest.Digest,
        manifest.IsIndex,
        [.. manifest.Children.Select(child => new ImageTreeChild(child.Digest, child.Platform))],
        manifest.IsIndex || manifest.Blobs.Count == 0 ? null : manifest.Blobs[0].Digest);

    private RepositoryAccess Access(ImageReference image, IRegistryCredentials? credentials)
    {
        ArgumentNullException.ThrowIfNull(image);
        return RepositoryAccess.For(image, image.ToString(), credentials?.For(image.Registry) ?? options.TargetCredentialFor(image.Registry), push: false, options);
    }

    private static async Task<T?> UnlessRefusedAsync<T>(Func<Task<T?>> read)
    {
        try
        {
            return await read();
        }
        catch (RegistryException e) when (e.Reason is RegistryErrorReason.NotFound or RegistryErrorReason.Unauthorized or RegistryErrorReason.Denied)
        {
            return default;
        }
    }
}
