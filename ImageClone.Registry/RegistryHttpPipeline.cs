using System.Net;

namespace ImageClone.Registry;

/// <summary>
/// The one place the handlers are composed: basic auth → bearer tokens → retries → User-Agent → the socket
/// handler (verified TLS, redirects followed; the runtime drops Authorization on a redirect).
/// Token requests go through retries → User-Agent → socket handler.
/// </summary>
internal static class RegistryHttpPipeline
{
    public static HttpClient Create(RegistryOptions options, TimeProvider time, HttpMessageHandler? primary = null)
    {
        var socket = primary ?? new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
        var transport = new UserAgentHandler { InnerHandler = socket };
        var tokenClient = new HttpMessageInvoker(RequestRetries.Handler(options, time, transport), disposeHandler: false);
        var bearer = new BearerTokenHandler(new TokenService(tokenClient, time)) { InnerHandler = RequestRetries.Handler(options, time, transport) };
        return new HttpClient(new BasicAuthHandler { InnerHandler = bearer }) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
