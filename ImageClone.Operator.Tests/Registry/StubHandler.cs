using System.Collections.Concurrent;

namespace ImageClone.Tests.Registry;

/// <summary>An in-memory server: answers each request with <c>respond</c> and records what was sent.</summary>
internal sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString()));
        var response = respond(request);
        response.RequestMessage = request;
        return Task.FromResult(response);
    }
}
