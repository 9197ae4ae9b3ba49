using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImageClone.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IImageCopier"/> and <see cref="IManifestReader"/> (singletons sharing connections and tokens) and <paramref name="options"/>, validated now.</summary>
    public static IServiceCollection AddImageCopier(this IServiceCollection services, RegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(provider => ImageCopierFactory.CreateWithReader(options, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => provider.GetRequiredService<RegistryClients>().Copier);
        services.AddSingleton(provider => provider.GetRequiredService<RegistryClients>().Reader);
        return services;
    }
}
