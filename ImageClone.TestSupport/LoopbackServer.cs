using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImageClone.Tests.Support;

/// <summary>
/// Starts the test bed's in-process HTTP servers (fault proxies, token issuer, stub registries and API servers): Kestrel
/// on a free port of 127.0.0.1, logging nothing, answering with what <c>map</c> sets up. Returns once it listens; the
/// address bound is <see cref="BaseUri"/>.
/// </summary>
internal static class LoopbackServer
{
    public static Task<WebApplication> StartAsync(Action<WebApplication> map) => StartAsync(new LoopbackServerOptions(), map);

    public static async Task<WebApplication> StartAsync(LoopbackServerOptions options, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (options.ShutdownTimeout is { } shutdownTimeout)
        {
            builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = shutdownTimeout);
        }

        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                if (options.Certificate is { } certificate)
                {
                    listen.UseHttps(certificate);
                }
            });
            if (options.UnlimitedRequestBodies)
            {
                kestrel.Limits.MaxRequestBodySize = null;
            }
        });
        var app = builder.Build();
        try
        {
            map(app);
            await app.StartAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The address the server bound, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public static Uri BaseUri(this WebApplication app) => new(app.Urls.Single());
}

/// <summary>How a <see cref="LoopbackServer"/> differs from plain HTTP with Kestrel's defaults.</summary>
internal sealed record LoopbackServerOptions
{
    /// <summary>Serves HTTPS with this certificate instead of plain HTTP.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Lifts Kestrel's 30 MB request body limit, for proxies that stream image layers through.</summary>
    public bool UnlimitedRequestBodies { get; init; }

    /// <summary>How long stopping waits for requests in flight (open watches) before cutting them.</summary>
    public TimeSpan? ShutdownTimeout { get; init; }
}
