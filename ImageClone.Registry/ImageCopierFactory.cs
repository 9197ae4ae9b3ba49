namespace ImageClone.Registry;

/// <summary>Builds an <see cref="IImageCopier"/> without DI (the CLI, tests). Keep one per process: it holds connections, tokens and known blob locations.</summary>
public static class ImageCopierFactory
{
    public static IImageCopier Create(RegistryOptions options, TimeProvider? time = null) => Create(options, time ?? TimeProvider.System, primary: null);

    internal static IImageCopier Create(RegistryOptions options, TimeProvider time, HttpMessageHandler? primary) =>
        CreateWithReader(options, time, primary).Copier;

    /// <summary>A copier and a manifest reader sharing one connection pool and token cache.</summary>
    public static RegistryClients CreateWithReader(RegistryOptions options, TimeProvider? time = null) =>
        CreateWithReader(options, time ?? TimeProvider.System, primary: null);

    internal static RegistryClients CreateWithReader(RegistryOptions options, TimeProvider time, HttpMessageHandler? primary)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var client = new RegistryClient(RegistryHttpPipeline.Create(options, time, primary));
        return new RegistryClients(new ImageCopier(client, new BlobCopier(client, new BlobLocations(), options, time), options), new ManifestReader(client, options));
    }
}

/// <summary>The registry's two faces over one connection pool and token cache: copying images, and reading what a reference names.</summary>
public sealed record RegistryClients(IImageCopier Copier, IManifestReader Reader);
