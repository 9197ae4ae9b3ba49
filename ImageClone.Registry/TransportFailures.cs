using System.Net.Sockets;

namespace ImageClone.Registry;

/// <summary>
/// Which transport failures retrying can change. A TLS failure (an untrusted certificate, TLS spoken to a plain-HTTP
/// port), a host name that does not resolve, and plain HTTP answered with nothing or with no HTTP (HTTP spoken to a TLS
/// port) fail at once; a refused connection gets a few quick retries (a registry restarting); anything else (a reset, a
/// broken stream) the full count.
/// </summary>
internal static class TransportFailures
{
    public static int RetriesFor(HttpRequestException exception, Uri? request, RegistryOptions options) => exception.HttpRequestError switch
    {
        HttpRequestError.SecureConnectionError or HttpRequestError.NameResolutionError => 0,
        HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse when request?.Scheme == Uri.UriSchemeHttp => 0,
        HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse => options.ConnectionRetries,
        _ => options.RequestRetries,
    };

    /// <summary>A short reason for a retry notice: "connection refused", not the exception's sentence.</summary>
    public static string Describe(HttpRequestException exception)
    {
        if (Find<SocketException>(exception) is { } socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostUnreachable or SocketError.NetworkUnreachable => "host unreachable",
                SocketError.TimedOut => "connection timed out",
                SocketError.ConnectionReset => "connection reset",
                _ => socket.Message,
            };
        }

        return exception.HttpRequestError switch
        {
            HttpRequestError.ResponseEnded => "the connection closed before an answer",
            _ => exception.Message,
        };
    }

    /// <summary>What to tell the user about a failure retrying will not fix: the cause, and the setting that does.</summary>
    public static string? Hint(HttpRequestException exception, Uri baseUri, string causes)
    {
        if (exception.HttpRequestError == HttpRequestError.SecureConnectionError)
        {
            return causes.Contains("certificate", StringComparison.OrdinalIgnoreCase)
                ? $"the certificate of {baseUri.Authority} is not trusted here: add its CA to this machine's trust store"
                : $"is it a plain-HTTP registry? list {baseUri.Authority} in INSECURE_REGISTRIES";
        }

        if (baseUri.Scheme == Uri.UriSchemeHttp && exception.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse)
        {
            return $"{baseUri.Authority} is listed in INSECURE_REGISTRIES: if it serves HTTPS, remove it from there";
        }

        return exception.HttpRequestError == HttpRequestError.NameResolutionError ? $"the host name of {baseUri.Authority} does not resolve" : null;
    }

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }
}
