using System.Net;
using ImageClone.Tests.Support;
using ImageClone.Tests.Support.FakeKube;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImageClone.Tests.Security;

/// <summary>A registry served over HTTPS with a self-signed certificate: a loopback TLS reverse proxy in front of a plain-HTTP registry.</summary>
internal sealed class TlsRegistryFront : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ProxyForwarder _forwarder;

    private TlsRegistryFront(WebApplication app, ProxyForwarder forwarder)
    {
        _app = app;
        _forwarder = forwarder;
        Host = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()).Authority;
    }

    /// <summary>"127.0.0.1:PORT", to use in image references.</summary>
    public string Host { get; }

    public static async Task<TlsRegistryFront> StartAsync(Uri upstream)
    {
        var forwarder = new ProxyForwarder(upstream);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var certificate = ServingCertificate.Create();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        app.Run(async context => await forwarder.ForwardAsync(context, bodyFault: null));
        await app.StartAsync();
        return new TlsRegistryFront(app, forwarder);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _forwarder.Dispose();
    }
}
