using System.Net;
using ImageClone.Operator;
using ImageClone.Tests.Registry;
using Microsoft.Extensions.Time.Testing;

namespace ImageClone.Tests.Operator;

public class ApiClientHandlersTests
{
    private readonly FakeTimeProvider _time = new();

    [Test]
    public async Task SendAsync_MoreRequestsThanBurst_TheRestWaitForTokensAtQps()
    {
        var server = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));
        using var client = Client(new ApiClientSettings { Qps = 2, Burst = 3 }, server);

        var requests = Enumerable.Range(0, 5).Select(i => client.SendAsync(Get(i), CancellationToken.None)).ToList();

        await Wait.UntilAsync(() => server.Requests.Count == 3, "the burst goes through at once");
        requests.Count(r => r.IsCompleted).Should().Be(3);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        await Wait.UntilAsync(() => server.Requests.Count == 4, "one more after 1/QPS");
        _time.Advance(TimeSpan.FromMilliseconds(500));
        await Task.WhenAll(requests).WaitAsync(TimeSpan.FromSeconds(10));
        server.Requests.Should().HaveCount(5);
    }

    [Test]
    public async Task SendAsync_TooManyRequestsWithRetryAfter_WaitsThatLongAndSendsAgain()
    {
        var answers = new Queue<HttpStatusCode>([HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.OK]);
        var server = new StubHandler(_ => TooManyOr(answers.Dequeue(), TimeSpan.FromSeconds(2)));
        using var client = Client(new ApiClientSettings(), server);

        var response = client.SendAsync(Get(0), CancellationToken.None);

        await Wait.UntilAsync(() => server.Requests.Count == 1, "the first attempt is answered 429");
        _time.Advance(TimeSpan.FromMilliseconds(1900));
        server.Requests.Should().HaveCount(1, "Retry-After: 2 is waited out");
        _time.Advance(TimeSpan.FromMilliseconds(100));
        await Wait.UntilAsync(() => server.Requests.Count == 2, "sent again after 2 s");
        _time.Advance(TimeSpan.FromSeconds(2));
        (await response.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode.Should().Be(HttpStatusCode.OK);
        server.Requests.Should().HaveCount(3);
    }

    [Test]
    public async Task SendAsync_StillTooManyAfterMaxRetries_PassesThe429On()
    {
        var server = new StubHandler(_ => TooManyOr(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(1)));
        using var client = Client(new ApiClientSettings { MaxRetries = 2 }, server);

        var response = client.SendAsync(Get(0), CancellationToken.None);
        for (var sent = 1; sent <= 2; sent++)
        {
            var expected = sent;
            await Wait.UntilAsync(() => server.Requests.Count == expected, $"attempt {expected} answered");
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        (await response.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        server.Requests.Should().HaveCount(3, "the first attempt and two retries");
    }

    private HttpMessageInvoker Client(ApiClientSettings settings, HttpMessageHandler server)
    {
        var handlers = ApiClientHandlers.Create(settings, _time);
        for (var i = 0; i < handlers.Length; i++)
        {
            handlers[i].InnerHandler = i + 1 < handlers.Length ? handlers[i + 1] : server;
        }

        return new HttpMessageInvoker(handlers[0]);
    }

    private static HttpRequestMessage Get(int i) => new(HttpMethod.Get, new Uri($"https://apiserver.test/api/v1/pods?i={i}"));

    private static HttpResponseMessage TooManyOr(HttpStatusCode status, TimeSpan retryAfter)
    {
        var response = new HttpResponseMessage(status);
        if (status == HttpStatusCode.TooManyRequests)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(retryAfter);
        }

        return response;
    }
}
