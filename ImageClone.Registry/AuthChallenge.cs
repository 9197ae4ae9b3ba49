using System.Net.Http.Headers;

namespace ImageClone.Registry;

/// <summary>A parsed <c>WWW-Authenticate</c> challenge: <c>Bearer realm="…",service="…",scope="…"</c> or <c>Basic realm="…"</c>.</summary>
internal sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public string? Realm => Parameters.GetValueOrDefault("realm");

    public string? Service => Parameters.GetValueOrDefault("service");

    public string? Scope => Parameters.GetValueOrDefault("scope");

    public static AuthChallenge? Find(HttpResponseMessage response, string scheme) =>
        response.Headers.WwwAuthenticate
            .Where(header => string.Equals(header.Scheme, scheme, StringComparison.OrdinalIgnoreCase))
            .Select(Parse)
            .FirstOrDefault();

    public static AuthChallenge Parse(AuthenticationHeaderValue header) =>
        new(header.Scheme, ParseParameters(header.Parameter ?? ""));

    /// <summary>Comma-separated <c>key=value</c> pairs; quoted values may hold commas (<c>scope="repository:a:pull,push"</c>).</summary>
    internal static Dictionary<string, string> ParseParameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            var equals = text.IndexOf('=', i);
            if (equals < 0)
            {
                break;
            }

            var key = text[i..equals].Trim(' ', ',');
            var (value, next) = ReadValue(text, equals + 1);
            result[key] = value;
            i = next;
        }

        return result;
    }

    private static (string Value, int Next) ReadValue(string text, int start)
    {
        if (start < text.Length && text[start] == '"')
        {
            var close = text.IndexOf('"', start + 1);
            close = close < 0 ? text.Length : close;
            return (text[(start + 1)..close], Math.Min(text.Length, close + 1));
        }

        var comma = text.IndexOf(',', start);
        comma = comma < 0 ? text.Length : comma;
        return (text[start..comma].Trim(), comma);
    }
}
