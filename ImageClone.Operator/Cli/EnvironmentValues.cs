using System.Text.RegularExpressions;

namespace ImageClone.Cli;

/// <summary>Parses the operator's list-valued variables, refusing with a message naming the variable and the entry at fault.</summary>
internal static partial class EnvironmentValues
{
    /// <summary><c>EXCLUDED_NAMESPACES</c>: namespace names (DNS labels), no wildcards.</summary>
    public static IReadOnlySet<string> Namespaces(string name, string? value)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in Entries(value, ','))
        {
            if (!NamespacePattern().IsMatch(entry))
            {
                throw new ArgumentException(
                    $"{name} entry \"{entry}\" is not a namespace name (lowercase letters, digits and '-', at most 63, no wildcards)");
            }

            result.Add(entry);
        }

        return result;
    }

    /// <summary><c>HTTP_URLS</c> as Kestrel takes them: <c>;</c>-separated <c>http(s)://host:port</c>, host may be <c>*</c>, <c>+</c> or <c>[::]</c>.</summary>
    public static string Urls(string name, string? value, string fallback)
    {
        var entries = Entries(value, ';');
        foreach (var entry in entries)
        {
            var wildcardFree = WildcardHost().Replace(entry, "$1localhost");
            if (!Uri.TryCreate(wildcardFree, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.PathAndQuery != "/" || uri.UserInfo.Length > 0 || !HasValidPort(wildcardFree))
            {
                throw new ArgumentException($"{name} entry \"{entry}\" must be http://HOST:PORT or https://HOST:PORT, e.g. http://0.0.0.0:8080 (port 0-65535, no path)");
            }
        }

        return entries.Count == 0 ? fallback : string.Join(';', entries);
    }

    private static bool HasValidPort(string url)
    {
        var match = PortSuffix().Match(url);
        return !match.Success || int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) <= 65535;
    }

    private static List<string> Entries(string? value, char separator) =>
        [.. (value ?? "").Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex NamespacePattern();

    [GeneratedRegex(@"^(https?://)[*+](?=[:/]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex WildcardHost();

    [GeneratedRegex(@":([0-9]+)/?$")]
    private static partial Regex PortSuffix();
}
