using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ImageClone.Tests.Support;

/// <summary>
/// Forwards one request to the upstream registry and streams the answer back, both bodies unbuffered. The Host header
/// is kept so the registry's upload Locations point back at the proxy. A body fault (reset, corrupt) is applied while copying.
/// </summary>
internal sealed class ProxyForwarder(Uri upstream) : IDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "Expect", "Host", "Content-Length",
    };

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <returns>the status the client got</returns>
    public async Task<int> ForwardAsync(HttpContext context, Fault? bodyFault)
    {
        using var request = UpstreamRequest(context);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (HttpRequestException)
        {
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return StatusCodes.Status502BadGateway;
        }
        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            CopyHeaders(response, context.Response);
            await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            await CopyBodyAsync(body, context, bodyFault);
            return (int)response.StatusCode;
        }
    }

    public void Dispose() => _http.Dispose();

    private HttpRequestMessage UpstreamRequest(HttpContext context)
    {
        var incoming = context.Request;
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var request = new HttpRequestMessage(new HttpMethod(incoming.Method), new Uri(upstream, target));
        if (incoming.ContentLength > 0 || incoming.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(incoming.Body, 1 << 16);
            request.Content.Headers.ContentLength = incoming.ContentLength;
        }
        foreach (var (name, values) in incoming.Headers)
        {
            if (!HopByHop.Contains(name) && !request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
        request.Headers.Host = incoming.Host.Value;
        return request;
    }

    private static void CopyHeaders(HttpResponseMessage from, HttpResponse to)
    {
        foreach (var (name, values) in from.Headers.Concat(from.Content.Headers))
        {
            if (!HopByHop.Contains(name) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                to.Headers[name] = values.ToArray();
            }
        }
    }

    private static async Task CopyBodyAsync(Stream from, HttpContext context, Fault? fault)
    {
        var buffer = new byte[1 << 16];
        var resetAt = fault?.Kind == FaultKind.ResetAfter ? fault.Bytes : long.MaxValue;
        var corruptAt = fault?.Kind == FaultKind.CorruptByte ? fault.Bytes : -1;
        long position = 0;
        int read;
        while ((read = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, resetAt - position)), context.RequestAborted)) > 0)
        {
            if (corruptAt >= position && corruptAt < position + read)
            {
                buffer[corruptAt - position] ^= 0xFF;
            }
            await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            position += read;
            if (position >= resetAt)
            {
                await context.Response.Body.FlushAsync(context.RequestAborted);
                context.Abort();
                return;
            }
        }
    }
}
