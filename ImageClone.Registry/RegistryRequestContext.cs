namespace ImageClone.Registry;

/// <summary>
/// Carried on each request to a registry: which registry it is for (so credentials go to that
/// host only), the token scopes it needs, and the credential for that registry.
/// </summary>
internal sealed record RegistryRequestContext(string Authority, IReadOnlyList<string> Scopes, RegistryCredential? Credential)
{
    public static readonly HttpRequestOptionsKey<RegistryRequestContext> Key = new("ImageClone.Registry.Context");

    public static RegistryRequestContext? Of(HttpRequestMessage request) =>
        request.Options.TryGetValue(Key, out var context) ? context : null;

    /// <summary>The credential, only when the request goes to the host it belongs to.</summary>
    public static RegistryCredential? CredentialFor(HttpRequestMessage request) =>
        Of(request) is { Credential: { } credential } context
        && string.Equals(request.RequestUri?.Authority, context.Authority, StringComparison.OrdinalIgnoreCase)
            ? credential
            : null;
}
