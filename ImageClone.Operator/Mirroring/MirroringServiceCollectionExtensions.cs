using ImageClone.Registry;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

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
        services.AddOptions<MirrorOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MirrorOptions>, MirrorOptionsValidator>());
        services.AddSingleton<IOptionsFactory<MirrorOptions>>(provider => new GivenOptionsFactory<MirrorOptions>(
            options,
            provider.GetServices<IConfigureOptions<MirrorOptions>>(),
            provider.GetServices<IPostConfigureOptions<MirrorOptions>>(),
            provider.GetServices<IValidateOptions<MirrorOptions>>()));
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<MirrorOptions>>().Value);
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
