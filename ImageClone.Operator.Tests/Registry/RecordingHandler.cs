using System.Collections.Concurrent;

namespace ImageClone.Tests.Registry;

/// <summary>
/// A real socket handler with a log of every request attempt (with its status; none when the
/// attempt failed without a response), and an optional hook on responses.
/// </summary>
internal sealed class RecordingHandler(Func<HttpRequestMessage, HttpResponseMessage, HttpResponseMessage>? onResponse = null) : DelegatingHandler(new SocketsHttpHandler())
{
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public IEnumerable<RecordedRequest> Writes => Requests.Where(request => request.IsWrite);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            Requests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.Scheme));
            throw;
        }

        Requests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.Scheme, response.StatusCode));
        return onResponse is null ? response : onResponse(request, response);
    }
}
