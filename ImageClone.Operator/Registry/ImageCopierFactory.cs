namespace ImageClone.Registry;

/// <summary>Builds an <see cref="IImageCopier"/> without DI (the CLI, tests). Keep one per process: it holds connections, tokens and known blob locations.</summary>
public static class ImageCopierFactory
{
    public static IImageCopier Create(RegistryOptions options, TimeProvider? time = null) => Create(options, time ?? TimeProvider.System, primary: null);

    internal static IImageCopier Create(RegistryOptions options, TimeProvider time, HttpMessageHandler? primary)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var client = new RegistryClient(RegistryHttpPipeline.Create(options, time, primary));
        return new ImageCopier(client, new BlobCopier(client, new BlobLocations(), options, time), options);
    }
}
