using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace ImageClone.Registry;

/// <summary>
/// The options pipeline (configure, post-configure, validate) for an options record built whole by the caller, which the
/// default factory cannot create (it needs a parameterless constructor and settable properties).
/// </summary>
internal sealed class GivenOptionsFactory<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] TOptions>(
    TOptions value,
    IEnumerable<IConfigureOptions<TOptions>> setups,
    IEnumerable<IPostConfigureOptions<TOptions>> postConfigures,
    IEnumerable<IValidateOptions<TOptions>> validations) : OptionsFactory<TOptions>(setups, postConfigures, validations)
    where TOptions : class
{
    protected override TOptions CreateInstance(string name) => value;
}
