using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ImageClone.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IImageCopier"/> and <see cref="IManifestReader"/> (singletons sharing connections and tokens) and
    /// <paramref name="options"/>, validated when the host starts (<see cref="RegistryOptionsValidator"/>; without a host,
    /// when first resolved), as the other layers' options are.
    /// </summary>
    public static IServiceCollection AddImageCopier(this IServiceCollection services, RegistryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddValidatedOptions<RegistryOptions, RegistryOptionsValidator>(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => ImageCopierFactory.CreateWithReader(
            WithLoggedRetries(provider.GetRequiredService<RegistryOptions>(), provider), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => provider.GetRequiredService<RegistryClients>().Copier);
        services.AddSingleton(provider => provider.GetRequiredService<RegistryClients>().Reader);
        return services;
    }

    /// <summary>Each retry in the log, unless the options already tell someone.</summary>
    private static RegistryOptions WithLoggedRetries(RegistryOptions options, IServiceProvider provider)
    {
        if (options.RetryObserver is not null || provider.GetService<ILoggerFactory>() is not { } loggers)
        {
            return options;
        }

        var logger = loggers.CreateLogger("ImageClone.Registry");
        return options with { RetryObserver = notice => logger.Retrying(notice.Action, notice.Reason, notice.Delay, notice.Retry, notice.MaxRetries) };
    }
}
