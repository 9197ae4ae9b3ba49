using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ImageClone.Tests.Support.Kube.Proxy;

/// <summary>
/// An HTTPS reverse proxy in front of a real kube-apiserver, for what the real server does not do on demand: it
/// records every request (who, verb, resource, object, status — a watch as soon as it is answered, the rest once
/// complete), injects <see cref="Faults"/>, and cuts open watch connections. Bearer tokens pass through unchanged,
/// so the apiserver authenticates and authorizes every request itself.
/// </summary>
internal sealed class KubeApiProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "Host", "Content-Length",
    };

    private readonly HttpClient _upstream;
    private readonly Uri _upstreamUrl;
    private readonly Func<string, string?> _userOfToken;
    private readonly ApiRequestLog _log = new();
    private readonly ConcurrentDictionary<HttpContext, byte> _watches = new();
    private readonly X509Certificate2 _certificate;
    private WebApplication? _app;

    private KubeApiProxy(Uri upstreamUrl, string upstreamCaPem, Func<string, string?> userOfToken)
    {
        _upstreamUrl = upstreamUrl;
        _userOfToken = userOfToken;
        _upstream = KubeApiServer.TrustingClient(upstreamCaPem);
        _upstream.Timeout = Timeout.InfiniteTimeSpan;
        _certificate = SelfSignedCertificate.Create();
    }

    public Uri Url { get; private set; } = null!;

    /// <summary>The proxy's CA (its self-signed certificate), for kubeconfigs.</summary>
    public string CaPem => _certificate.ExportCertificatePem();

    public ApiFaults Faults { get; } = new();

    public IReadOnlyList<ApiRequest> Requests => _log.Snapshot();

    public static async Task<KubeApiProxy> StartAsync(Uri upstream, string upstreamCaPem, Func<string, string?> userOfToken)
    {
        var proxy = new KubeApiProxy(upstream, upstreamCaPem, userOfToken);
        var options = new LoopbackServerOptions
        {
            Certificate = proxy._certificate,
            UnlimitedRequestBodies = true,
            ShutdownTimeout = TimeSpan.FromSeconds(2),
        };
        var app = await LoopbackServer.StartAsync(options, app => app.Run(proxy.HandleAsync));
        proxy._app = app;
        proxy.Url = app.BaseUri();
        return proxy;
    }

    public void ClearRequests() => _log.Clear();

    /// <summary>Waits (default 30 s) until a request matching <paramref name="predicate"/> has been answered.</summary>
    public Task<ApiRequest> WaitForRequestAsync(Func<ApiRequest, bool> predicate, TimeSpan? timeout = null) =>
        _log.WaitForAsync(predicate, timeout ?? TimeSpan.FromSeconds(30));

    /// <summary>Cuts every open watch connection without a proper end of stream (the client sees an I/O error).</summary>
    public void DropWatchConnections()
    {
        foreach (var context in _watches.Keys)
        {
            context.Abort();
        }
    }

    public async ValueTask DisposeAsync()
    {
        DropWatchConnections();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _upstream.Dispose();
        _certificate.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var incoming = context.Request;
        var token = incoming.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : null;
        var isWatch = incoming.Query["watch"].ToString() is "true" or "1";
        var parsed = ApiRequest.Parse(incoming.Method, incoming.Path.Value ?? "/", isWatch, token is null ? null : _userOfToken(token), incoming.ContentType);
        var request = parsed with { Path = $"{incoming.Path}{incoming.QueryString}" };
        var (fault, delay) = Faults.Take(request);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        if (fault == ApiFaults.ResetConnection)
        {
            _log.Add(request with { StatusCode = 0 });
            context.Abort();
            return;
        }

        if (fault is { } status)
        {
            context.Response.StatusCode = (int)status;
            context.Response.ContentType = "application/json";
            if (status == HttpStatusCode.TooManyRequests)
            {
                context.Response.Headers.RetryAfter = "1";
            }

            await context.Response.WriteAsync(ApiFaults.StatusBody(status, request));
            _log.Add(request with { StatusCode = (int)status });
            return;
        }

        if (request.Verb == "watch")
        {
            _watches[context] = 0;
        }

        try
        {
            var code = await ForwardAsync(context, request);
            if (request.Verb != "watch")
            {
                _log.Add(request with { StatusCode = code });
            }
        }
        finally
        {
            _watches.TryRemove(context, out _);
        }
    }

    private async Task<int> ForwardAsync(HttpContext context, ApiRequest request)
    {
        using var upstream = UpstreamRequest(context);
        HttpResponseMessage response;
        try
        {
            response = await _upstream.SendAsync(upstream, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            if (request.Verb == "watch")
            {
                _log.Add(request with { StatusCode = 502 });
            }

            return StatusCodes.Status502BadGateway;
        }

        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopByHop.Contains(name))
                {
                    context.Response.Headers[name] = values.ToArray();
                }
            }

            if (request.Verb == "watch")
            {
                await context.Response.StartAsync(context.RequestAborted);
                _log.Add(request with { StatusCode = (int)response.StatusCode });
            }

            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await body.ReadAsync(buffer, context.RequestAborted)) > 0)
                {
                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or HttpRequestException)
            {
                context.Abort();
            }

            return (int)response.StatusCode;
        }
    }

    private HttpRequestMessage UpstreamRequest(HttpContext context)
    {
        var incoming = context.Request;
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var request = new HttpRequestMessage(new HttpMethod(incoming.Method), new Uri(_upstreamUrl, target));
        if (incoming.ContentLength > 0 || incoming.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(incoming.Body);
            request.Content.Headers.ContentLength = incoming.ContentLength;
        }

        foreach (var (name, values) in incoming.Headers)
        {
            if (!HopByHop.Contains(name) && !request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        return request;
    }
}
