using ImageClone.Tests.Support;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ImageClone.Tests.Operator;

/// <summary>A loopback HTTP server answering every request with one handler, reached through the real KubernetesClient.</summary>
internal sealed class StubApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StubApiServer(WebApplication app, IKubernetes client)
    {
        _app = app;
        Client = client;
    }

    public IKubernetes Client { get; }

    public static async Task<StubApiServer> StartAsync(RequestDelegate handler)
    {
        var app = await LoopbackServer.StartAsync(app => app.Run(handler));
        var client = new Kubernetes(new KubernetesClientConfiguration { Host = app.Urls.Single() });
        return new StubApiServer(app, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
