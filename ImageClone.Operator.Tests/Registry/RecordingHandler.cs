using System.Collections.Concurrent;

namespace ImageClone.Tests.Registry;

/// <summary>A real socket handler with a log of every request (and its status), and an optional hook on responses.</summary>
internal sealed class RecordingHandler(Func<HttpRequestMessage, HttpResponseMessage, HttpResponseMessage>? onResponse = null) : DelegatingHandler(new SocketsHttpHandler())
{
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public IEnumerable<RecordedRequest> Writes => Requests.Where(request => request.IsWrite);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        Requests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.Scheme, response.StatusCode));
        return onResponse is null ? response : onResponse(request, response);
    }
}
