using System.Net;
using System.Text.Json;
using Polly.Timeout;

namespace ImageClone.Registry;

/// <summary>The one place a registry answer or transport failure becomes a <see cref="RegistryException"/>.</summary>
internal static class RegistryErrors
{
    private const int MaxDetail = 300;

    public static async Task EnsureAsync(HttpResponseMessage response, RepositoryAccess access, string action, CancellationToken cancellationToken, params HttpStatusCode[] ok)
    {
        if (ok.Contains(response.StatusCode))
        {
            return;
        }

        var detail = await RegistryMessageAsync(response, cancellationToken);
        var reason = ReasonFor(response.StatusCode);
        throw new RegistryException(access.Image, access.Registry, reason, response.StatusCode, $"{action} {access.Repository} failed{detail}{Hint(response, access)}");
    }

    /// <summary>A 401 says whether credentials were sent (none, or refused ones: the fixes differ); a 400 to a plain-HTTP URL may be an HTTPS port.</summary>
    private static string Hint(HttpResponseMessage response, RepositoryAccess access) => response.StatusCode switch
    {
        HttpStatusCode.Unauthorized when access.Context.Credential is { } credential => $" (the credentials of user \"{credential.Username}\" were refused)",
        HttpStatusCode.Unauthorized => $" (no credentials were sent: {access.Registry} needs a login for this)",
        HttpStatusCode.BadRequest when access.BaseUri.Scheme == Uri.UriSchemeHttp =>
            $" ({access.Registry} is listed in INSECURE_REGISTRIES: if it serves HTTPS, remove it from there)",
        _ => "",
    };

    public static RegistryErrorReason ReasonFor(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => RegistryErrorReason.Unauthorized,
        HttpStatusCode.Forbidden => RegistryErrorReason.Denied,
        HttpStatusCode.NotFound => RegistryErrorReason.NotFound,
        HttpStatusCode.TooManyRequests => RegistryErrorReason.RateLimited,
        _ when (int)status >= 500 || status == HttpStatusCode.RequestTimeout => RegistryErrorReason.Unavailable,
        _ => RegistryErrorReason.Protocol,
    };

    /// <summary>Maps a transport failure; null when it is not one (a caller's cancellation, a bug).</summary>
    public static RegistryException? FromTransport(Exception exception, RepositoryAccess access, string action, CancellationToken cancellationToken) => exception switch
    {
        RegistryException => null,
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        TimeoutRejectedException or TimeoutException or OperationCanceledException =>
            new RegistryException(access.Image, access.Registry, RegistryErrorReason.Timeout, null, $"{action} {access.Repository} timed out", exception),
        HttpRequestException http =>
            new RegistryException(access.Image, access.Registry, RegistryErrorReason.Network, null, $"{action} {access.Repository} failed: {WithHint(http, access)}", exception),
        IOException =>
            new RegistryException(access.Image, access.Registry, RegistryErrorReason.Network, null, $"{action} {access.Repository} failed: {Causes(exception)}", exception),
        _ => null,
    };

    private static string WithHint(HttpRequestException exception, RepositoryAccess access)
    {
        var causes = Causes(exception);
        return TransportFailures.Hint(exception, access.BaseUri, causes) is { } hint ? $"{causes} ({hint})" : causes;
    }

    /// <summary>
    /// The messages of the exception and its inner ones: "The SSL connection could not be established, see inner
    /// exception" alone hides the reason (an untrusted certificate) from events and logs.
    /// </summary>
    private static string Causes(Exception exception)
    {
        var messages = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            var message = current.Message.Replace(", see inner exception", "", StringComparison.Ordinal).TrimEnd('.');
            if (message.Length > 0 && !messages.Any(seen => seen.Contains(message, StringComparison.Ordinal)))
            {
                messages.Add(message);
            }
        }

        return string.Join(": ", messages);
    }

    private static async Task<string> RegistryMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var phrase = string.IsNullOrEmpty(response.ReasonPhrase) ? "" : $" ({response.ReasonPhrase})";
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            using var json = JsonDocument.Parse(body.Length > 64 * 1024 ? "{}" : body);
            var error = json.RootElement.GetProperty("errors")[0];
            var text = $"{error.GetProperty("code").GetString()}: {error.GetProperty("message").GetString()}";
            return phrase + ": " + (text.Length > MaxDetail ? text[..MaxDetail] : text);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or HttpRequestException or IOException)
        {
            return phrase;
        }
    }
}
