using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using ImageClone.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ImageClone.Tests.Security;

/// <summary>
/// The "object storage" a <see cref="RegistryFront.StartRedirectingBlobsAsync"/> sends blob reads to, on a different host name
/// (localhost, not 127.0.0.1): records the Authorization header of each request, and serves the blob it reads from
/// the registry with credentials of its own (as a pre-signed URL would grant).
/// </summary>
internal sealed class BlobStorageHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _registry;
    private readonly ConcurrentQueue<string?> _authorizations;

    private BlobStorageHost(WebApplication app, HttpClient registry, ConcurrentQueue<string?> authorizations)
    {
        _app = app;
        _registry = registry;
        _authorizations = authorizations;
        BaseUri = new Uri($"http://localhost:{app.BaseUri().Port}/");
    }

    public Uri BaseUri { get; }

    /// <summary>The Authorization header of every request served (null when there was none).</summary>
    public IReadOnlyList<string?> Authorizations => [.. _authorizations];

    public static async Task<BlobStorageHost> StartAsync(Uri registry, string username, string password)
    {
        var http = new HttpClient { BaseAddress = registry };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
        var authorizations = new ConcurrentQueue<string?>();
        var app = await LoopbackServer.StartAsync(app => app.Run(context => ServeAsync(context, http, authorizations)));
        return new BlobStorageHost(app, http, authorizations);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _registry.Dispose();
    }

    private static async Task ServeAsync(HttpContext context, HttpClient registry, ConcurrentQueue<string?> authorizations)
    {
        authorizations.Enqueue(context.Request.Headers.Authorization.Count == 0 ? null : context.Request.Headers.Authorization.ToString());
        using var blob = await registry.GetAsync(new Uri(context.Request.Path.Value!.TrimStart('/'), UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        context.Response.StatusCode = (int)blob.StatusCode;
        context.Response.ContentLength = blob.Content.Headers.ContentLength;
        await blob.Content.CopyToAsync(context.Response.Body);
    }
}
