using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImageClone.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IImageCopier"/> (a singleton) and <paramref name="options"/>, validated now.</summary>
    public static IServiceCollection AddImageCopier(this IServiceCollection services, RegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(provider => ImageCopierFactory.Create(options, provider.GetRequiredService<TimeProvider>()));
        return services;
    }
}
