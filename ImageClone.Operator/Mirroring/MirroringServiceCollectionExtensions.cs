using ImageClone.Registry;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImageClone.Mirroring;

public static class MirroringServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IImageMirror"/>, its collaborators and <paramref name="options"/>, validated when the host
    /// starts (<see cref="MirrorOptionsValidator"/>; without a host, when first resolved). Expects
    /// <see cref="IImageCopier"/> and <see cref="IManifestReader"/> to be registered.
    /// </summary>
    public static IServiceCollection AddImageMirroring(this IServiceCollection services, MirrorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddValidatedOptions<MirrorOptions, MirrorOptionsValidator>(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new TargetNaming(provider.GetRequiredService<MirrorOptions>().Repository));
        services.AddSingleton(provider => new ImageCopyCoordinator(
            provider.GetRequiredService<IImageCopier>(), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<MirrorOptions>().CopyMemoryDuration));
        services.AddSingleton<PullAccess>();
        services.AddSingleton<CopyRecheck>();
        services.AddSingleton<PrivacyGuard>();
        services.AddSingleton(provider => new TagDigests(
            provider.GetRequiredService<IManifestReader>(), provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<MirrorOptions>().CopyMemoryDuration));
        services.AddSingleton<PinChooser>();
        services.AddSingleton<IImageMirror, ImageMirror>();
        return services;
    }
}
