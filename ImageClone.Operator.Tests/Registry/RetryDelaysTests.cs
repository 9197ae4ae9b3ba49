using System.Net;
using ImageClone.Registry;

namespace ImageClone.Tests.Registry;

public class RetryDelaysTests
{
    private static readonly RegistryOptions Options = new()
    {
        RetryBaseDelay = TimeSpan.FromSeconds(1),
        RetryMaxDelay = TimeSpan.FromSeconds(10),
        RetryAfterMax = TimeSpan.FromSeconds(60),
    };

    [TestCase(1, 0.5, 1)]
    [TestCase(2, 0.5, 2)]
    [TestCase(3, 0.0, 2)]
    [TestCase(3, 0.999, 6)]
    [TestCase(10, 0.5, 10)]
    public void Backoff_Attempt_GrowsExponentiallyWithJitterUpToMax(int attempt, double jitter, double expectedSeconds)
    {
        RetryDelays.Backoff(attempt, Options, jitter).TotalSeconds.Should().BeApproximately(expectedSeconds, 0.01);
    }

    [Test]
    public void Next_429WithRetryAfterSeconds_WaitsThatLong()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));

        RetryDelays.Next(1, response, Options, DateTimeOffset.UnixEpoch, 0.5).Should().Be(TimeSpan.FromSeconds(7));
    }

    [Test]
    public void Next_429WithRetryAfterDate_WaitsUntilThen()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(now.AddSeconds(30));

        RetryDelays.Next(1, response, Options, now, 0.5).Should().Be(TimeSpan.FromSeconds(30));
    }

    [Test]
    public void Next_RetryAfterBeyondMax_IsCapped()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromHours(1));

        RetryDelays.Next(1, response, Options, DateTimeOffset.UnixEpoch, 0.5).Should().Be(TimeSpan.FromSeconds(60));
    }

    [Test]
    public void Next_500_UsesBackoff()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.InternalServerError);

        RetryDelays.Next(2, response, Options, DateTimeOffset.UnixEpoch, 0.5).Should().Be(TimeSpan.FromSeconds(2));
    }
}
