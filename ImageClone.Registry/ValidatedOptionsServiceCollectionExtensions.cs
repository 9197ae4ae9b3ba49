using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImageClone.Registry;

/// <summary>How each layer registers the options record its caller built whole.</summary>
internal static class ValidatedOptionsServiceCollectionExtensions
{
    /// <summary>Registers <paramref name="value"/> as <typeparamref name="TOptions"/>, validated by <typeparamref name="TValidator"/> when the host starts (without a host, when first resolved).</summary>
    public static IServiceCollection AddValidatedOptions<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(this IServiceCollection services, TOptions value)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        services.AddSingleton<IOptionsFactory<TOptions>>(provider => new GivenOptionsFactory<TOptions>(
            value,
            provider.GetServices<IConfigureOptions<TOptions>>(),
            provider.GetServices<IPostConfigureOptions<TOptions>>(),
            provider.GetServices<IValidateOptions<TOptions>>()));
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<TOptions>>().Value);
        return services;
    }
}
