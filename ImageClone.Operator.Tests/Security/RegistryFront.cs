using ImageClone.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ImageClone.Tests.Security;

/// <summary>A loopback front forwarding to a plain-HTTP registry, served the way a test needs a registry to look.</summary>
internal sealed class RegistryFront : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ProxyForwarder _forwarder;

    private RegistryFront(WebApplication app, ProxyForwarder forwarder)
    {
        _app = app;
        _forwarder = forwarder;
        Host = app.BaseUri().Authority;
    }

    /// <summary>"127.0.0.1:PORT", to use in image references.</summary>
    public string Host { get; }

    /// <summary>The registry served over HTTPS with a self-signed certificate.</summary>
    public static Task<RegistryFront> StartTlsAsync(Uri upstream) =>
        StartAsync(upstream, https: true, (context, forwarder) => forwarder.ForwardAsync(context, bodyFault: null));

    /// <summary>
    /// The registry answering blob GETs with a 307 to another host (<paramref name="storage"/>), as
    /// registry.k8s.io or a registry backed by object storage does; every other request is forwarded.
    /// </summary>
    public static Task<RegistryFront> StartRedirectingBlobsAsync(Uri upstream, Uri storage) =>
        StartAsync(upstream, https: false, async (context, forwarder) =>
        {
            if (IsBlobRead(context.Request))
            {
                context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
                context.Response.Headers.Location = new Uri(storage, context.Request.Path.Value).ToString();
            }
            else
            {
                await forwarder.ForwardAsync(context, bodyFault: null);
            }
        });

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _forwarder.Dispose();
    }

    private static async Task<RegistryFront> StartAsync(Uri upstream, bool https, Func<HttpContext, ProxyForwarder, Task> handle)
    {
        var forwarder = new ProxyForwarder(upstream);
        var options = new LoopbackServerOptions { Certificate = https ? SelfSignedCertificate.Create() : null };
        var app = await LoopbackServer.StartAsync(options, app => app.Run(context => handle(context, forwarder)));
        return new RegistryFront(app, forwarder);
    }

    private static bool IsBlobRead(HttpRequest request) =>
        request.Method == "GET" && request.Path.Value?.Contains("/blobs/sha256:", StringComparison.Ordinal) == true;
}
