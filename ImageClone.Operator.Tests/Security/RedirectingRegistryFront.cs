using System.Net;
using ImageClone.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImageClone.Tests.Security;

/// <summary>
/// A registry that, like registry.k8s.io or one backed by object storage, answers blob GETs with a 307 to another
/// host (<paramref name="storage"/>); every other request goes to the registry behind it.
/// </summary>
internal sealed class RedirectingRegistryFront : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ProxyForwarder _forwarder;

    private RedirectingRegistryFront(WebApplication app, ProxyForwarder forwarder)
    {
        _app = app;
        _forwarder = forwarder;
        Host = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()).Authority;
    }

    public string Host { get; }

    public static async Task<RedirectingRegistryFront> StartAsync(Uri upstream, Uri storage)
    {
        var forwarder = new ProxyForwarder(upstream);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(async context =>
        {
            if (IsBlobRead(context.Request))
            {
                Redirect(context, new Uri(storage, context.Request.Path.Value));
            }
            else
            {
                await forwarder.ForwardAsync(context, bodyFault: null);
            }
        });
        await app.StartAsync();
        return new RedirectingRegistryFront(app, forwarder);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _forwarder.Dispose();
    }

    private static bool IsBlobRead(HttpRequest request) =>
        request.Method == "GET" && request.Path.Value?.Contains("/blobs/sha256:", StringComparison.Ordinal) == true;

    private static void Redirect(HttpContext context, Uri location)
    {
        context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
        context.Response.Headers.Location = location.ToString();
    }
}
