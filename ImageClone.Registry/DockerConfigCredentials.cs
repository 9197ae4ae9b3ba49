using System.Text;
using System.Text.Json;

namespace ImageClone.Registry;

/// <summary>
/// Credentials from a Docker <c>config.json</c> or a <c>.dockerconfigjson</c> pull secret:
/// <c>auths</c> entries with <c>auth</c> (base64 <c>user:pass</c>) or <c>username</c>/<c>password</c>.
/// Keys are normalised: scheme and path dropped, Docker Hub's aliases read as <c>docker.io</c>.
/// </summary>
public sealed class DockerConfigCredentials : IRegistryCredentials
{
    private readonly Dictionary<string, RegistryCredential> _byRegistry;

    private DockerConfigCredentials(Dictionary<string, RegistryCredential> byRegistry) => _byRegistry = byRegistry;

    public IReadOnlyCollection<string> Registries => _byRegistry.Keys;

    public RegistryCredential? For(string registry) =>
        _byRegistry.GetValueOrDefault(NormaliseRegistry(registry));

    /// <exception cref="FormatException">The content is not a Docker config (the message never holds a secret).</exception>
    public static DockerConfigCredentials Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var result = new Dictionary<string, RegistryCredential>(StringComparer.OrdinalIgnoreCase);
            if (document.RootElement.TryGetProperty("auths", out var auths) && auths.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in auths.EnumerateObject())
                {
                    if (ToCredential(entry.Value) is { } credential)
                    {
                        result[NormaliseRegistry(entry.Name)] = credential;
                    }
                }
            }

            return new DockerConfigCredentials(result);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new FormatException("the Docker config is not valid JSON with an \"auths\" object of credentials");
        }
    }

    public static async Task<DockerConfigCredentials> LoadAsync(string path, CancellationToken cancellationToken) =>
        Parse(await File.ReadAllTextAsync(path, cancellationToken));

    /// <summary><c>https://index.docker.io/v1/</c> → <c>docker.io</c>; <c>http://host:5000/v2</c> → <c>host:5000</c>.</summary>
    public static string NormaliseRegistry(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var host = key.Trim();
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        host = scheme >= 0 ? host[(scheme + 3)..] : host;
        var slash = host.IndexOf('/', StringComparison.Ordinal);
        host = (slash >= 0 ? host[..slash] : host).ToLowerInvariant();
        return DockerHubAliases.Canonical(host);
    }

    private static RegistryCredential? ToCredential(JsonElement entry)
    {
        if (entry.TryGetProperty("auth", out var auth) && auth.GetString() is { Length: > 0 } encoded)
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : new RegistryCredential(decoded[..colon], decoded[(colon + 1)..]);
        }

        return entry.TryGetProperty("username", out var user) && user.GetString() is { Length: > 0 } name
            ? new RegistryCredential(name, entry.TryGetProperty("password", out var password) ? password.GetString() ?? "" : "")
            : null;
    }
}
