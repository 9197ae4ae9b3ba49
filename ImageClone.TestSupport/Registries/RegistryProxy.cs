using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ImageClone.Tests.Support;

/// <summary>
/// A loopback reverse proxy in front of a registry: forwards every request (bodies streamed both ways),
/// records what it saw, and injects the faults of the rules added (the first matching armed rule wins).
/// </summary>
public sealed class RegistryProxy : IAsyncDisposable
{
    private readonly ProxyForwarder _forwarder;
    private readonly ConcurrentQueue<ProxiedRequest> _requests = new();
    private readonly ConcurrentQueue<(string Method, string Path)> _arrived = new();
    private readonly List<ArmedFault> _faults = [];
    private readonly CancellationTokenSource _disposing = new();
    private WebApplication? _app;

    private RegistryProxy(Uri upstream) => _forwarder = new ProxyForwarder(upstream);

    /// <summary>"127.0.0.1:PORT", to use in image references instead of the registry's host.</summary>
    public string Host { get; private set; } = "";

    public Uri BaseUri => new($"http://{Host}/");

    public IReadOnlyList<ProxiedRequest> Requests => [.. _requests];

    public static async Task<RegistryProxy> StartAsync(Uri upstream)
    {
        var proxy = new RegistryProxy(upstream);
        var app = await LoopbackServer.StartAsync(new LoopbackServerOptions { UnlimitedRequestBodies = true }, app => app.Run(proxy.HandleAsync));
        proxy._app = app;
        proxy.Host = app.BaseUri().Authority;
        return proxy;
    }

    public void ResetCounts() => _requests.Clear();

    /// <summary>Whether a request with this method and a matching path has arrived (answered or still in flight).</summary>
    public bool HasArrived(string method, Func<string, bool> pathMatches) =>
        _arrived.Any(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) && pathMatches(r.Path));

    public void AddFault(FaultRule rule)
    {
        lock (_faults)
        {
            _faults.Add(new ArmedFault(rule));
        }
    }

    public void ClearFaults()
    {
        lock (_faults)
        {
            _faults.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _disposing.CancelAsync();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        _forwarder.Dispose();
        _disposing.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "";
        _arrived.Enqueue((method, path));
        var fault = FaultFor(method, path);
        var status = StatusCodes.Status499ClientClosedRequest;
        try
        {
            status = fault?.Kind == FaultKind.Answer
                ? await AnswerAsync(context, fault)
                : await StallThenForwardAsync(context, fault);
        }
        finally
        {
            _requests.Enqueue(new ProxiedRequest(method, path, status, fault?.Kind));
        }
    }

    private async Task<int> StallThenForwardAsync(HttpContext context, Fault? fault)
    {
        if (fault?.Kind == FaultKind.Stall)
        {
            // a stall must not hold up shutdown when the client never gives up
            using var stall = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _disposing.Token);
            await Task.Delay(fault.Duration, stall.Token);
        }
        return await _forwarder.ForwardAsync(context, fault);
    }

    private async Task<int> AnswerAsync(HttpContext context, Fault fault)
    {
        if (fault.Duration > TimeSpan.Zero)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _disposing.Token);
            await Task.Delay(fault.Duration, wait.Token);
        }

        context.Response.StatusCode = fault.Status;
        if (fault.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        await context.Response.WriteAsJsonAsync(new { errors = new[] { new { code = "UNKNOWN", message = "fault injected by RegistryProxy" } } });
        return fault.Status;
    }

    private Fault? FaultFor(string method, string path)
    {
        lock (_faults)
        {
            return _faults.FirstOrDefault(f => f.TryFire(method, path))?.Fault;
        }
    }
}
