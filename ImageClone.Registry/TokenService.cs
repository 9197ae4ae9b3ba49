using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace ImageClone.Registry;

/// <summary>
/// Fetches bearer tokens from a challenge's realm (with the credential, if any) and caches them
/// per realm, service, scopes and credential (username and password, as <see cref="CredentialIdentity"/>)
/// until shortly before they expire: a secret that names another tenant's user with any password must not
/// be handed that tenant's token.
/// </summary>
internal sealed class TokenService(HttpMessageInvoker invoker, TimeProvider time)
{
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, BearerToken> _cache = new();
    private readonly SharedWork<BearerToken, BearerToken> _requests = new();

    public async Task<BearerToken> GetAsync(AuthChallenge challenge, IReadOnlyList<string> scopes, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        var key = CacheKey(challenge, scopes, credential);
        if (_cache.TryGetValue(key, out var cached) && cached.ExpiresAt > time.GetUtcNow())
        {
            return cached;
        }

        var token = await _requests.RunAsync(key, (_, shared) => RequestAsync(challenge, scopes, credential, shared), null, cancellationToken);
        _cache[key] = token;
        return token;
    }

    public void Forget(AuthChallenge challenge, IReadOnlyList<string> scopes, RegistryCredential? credential) =>
        _cache.TryRemove(CacheKey(challenge, scopes, credential), out _);

    private async Task<BearerToken> RequestAsync(AuthChallenge challenge, IReadOnlyList<string> scopes, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        var realm = new Uri(challenge.Realm ?? throw new TokenRequestFailedException(System.Net.HttpStatusCode.Unauthorized, "(no realm in challenge)"));
        using var request = new HttpRequestMessage(HttpMethod.Get, TokenUri(realm, challenge.Service, scopes));
        if (credential is not null)
        {
            request.Headers.Authorization = BasicAuthHandler.Header(credential);
        }

        using var response = await invoker.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new TokenRequestFailedException(response.StatusCode, realm.Authority);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        return ToToken(json.RootElement, realm.Authority);
    }

    private BearerToken ToToken(JsonElement root, string realmHost)
    {
        var value = (root.TryGetProperty("token", out var token) ? token.GetString() : null)
            ?? (root.TryGetProperty("access_token", out var access) ? access.GetString() : null)
            ?? throw new TokenRequestFailedException(System.Net.HttpStatusCode.OK, realmHost + " (no token in answer)");
        var lifetime = root.TryGetProperty("expires_in", out var expires) && expires.TryGetInt32(out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : DefaultLifetime;
        var margin = lifetime > ExpiryMargin * 3 ? ExpiryMargin : lifetime / 3;
        return new BearerToken(value, time.GetUtcNow() + lifetime - margin);
    }

    private static Uri TokenUri(Uri realm, string? service, IReadOnlyList<string> scopes)
    {
        var query = new StringBuilder(realm.Query.TrimStart('?'));
        if (service is not null)
        {
            Append(query, "service", service);
        }

        foreach (var scope in scopes)
        {
            Append(query, "scope", scope);
        }

        return new UriBuilder(realm) { Query = query.ToString() }.Uri;
    }

    private static void Append(StringBuilder query, string name, string value) =>
        query.Append(query.Length == 0 ? "" : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value));

    private static string CacheKey(AuthChallenge challenge, IReadOnlyList<string> scopes, RegistryCredential? credential) =>
        string.Join('\n', challenge.Realm, challenge.Service, string.Join(' ', scopes), CredentialIdentity.Of(credential));
}
