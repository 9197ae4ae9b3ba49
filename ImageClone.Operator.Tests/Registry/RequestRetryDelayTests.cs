using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using ImageClone.Registry;
using Microsoft.Extensions.Time.Testing;

namespace ImageClone.Tests.Registry;

/// <summary>How long the production pipeline waits before a retry, read from the retry notices on a fake clock.</summary>
public class RequestRetryDelayTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static RegistryOptions Options(ConcurrentQueue<RetryNotice> notices) => TestOptions.For(StubPipeline.Host) with
    {
        RetryBaseDelay = TimeSpan.FromSeconds(1),
        RetryMaxDelay = TimeSpan.FromSeconds(10),
        RetryAfterMax = TimeSpan.FromSeconds(60),
        GiveUpAfter = TimeSpan.FromHours(1),
        RequestTimeout = TimeSpan.FromHours(1),
        RetryObserver = notices.Enqueue,
    };

    private static StubHandler FailingOnceWith(Func<HttpResponseMessage> failure)
    {
        var calls = 0;
        return new StubHandler(_ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                return failure();
            }

            var ok = new HttpResponseMessage(HttpStatusCode.OK);
            ok.Headers.Add("Docker-Content-Digest", Digest);
            return ok;
        });
    }

    private static HttpResponseMessage RateLimited(TimeSpan retryAfter)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(retryAfter);
        return response;
    }

    private static async Task<TimeSpan> FirstRetryDelayAsync(StubHandler stub)
    {
        var notices = new ConcurrentQueue<RetryNotice>();
        var time = new FakeTimeProvider();
        var head = StubPipeline.Client(stub, time, Options(notices)).HeadManifestAsync(StubPipeline.Repository(), "v1", CancellationToken.None);
        await Wait.UntilAsync(() => !notices.IsEmpty, "the first retry is told");
        var delay = notices.Single().Delay;
        time.Advance(delay);
        (await head).Should().Be(Digest);
        return delay;
    }

    [Test]
    public async Task HeadManifest_429WithRetryAfterSeconds_WaitsThatLong()
    {
        (await FirstRetryDelayAsync(FailingOnceWith(() => RateLimited(TimeSpan.FromSeconds(7))))).Should().Be(TimeSpan.FromSeconds(7));
    }

    [Test]
    public async Task HeadManifest_RetryAfterBeyondMax_IsCapped()
    {
        (await FirstRetryDelayAsync(FailingOnceWith(() => RateLimited(TimeSpan.FromHours(1))))).Should().Be(TimeSpan.FromSeconds(60));
    }

    [Test]
    public async Task HeadManifest_500_WaitsAJitteredBackoffWithinTheMaximum()
    {
        var delay = await FirstRetryDelayAsync(FailingOnceWith(() => new HttpResponseMessage(HttpStatusCode.InternalServerError)));

        delay.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task HeadManifest_UnavailablePastGiveUpAfter_StopsRetrying()
    {
        var time = new FakeTimeProvider();
        var stub = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        var options = Options(new ConcurrentQueue<RetryNotice>()) with { GiveUpAfter = TimeSpan.FromSeconds(1) };
        var head = StubPipeline.Client(stub, time, options).HeadManifestAsync(StubPipeline.Repository(), "v1", CancellationToken.None);

        // each step passes the 1 s budget: the one retry already scheduled runs, no further one starts
        await Wait.UntilAdvancingAsync(time, TimeSpan.FromSeconds(1), () => head.IsCompleted, "the request gives up");

        (await FluentActions.Awaiting(() => head).Should().ThrowAsync<RegistryException>()).Which.Reason.Should().Be(RegistryErrorReason.Unavailable);
        stub.Requests.Should().HaveCount(2);
    }
}
