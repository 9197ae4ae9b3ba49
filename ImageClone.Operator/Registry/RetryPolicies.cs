using System.Net;
using Polly;
using Polly.Timeout;

namespace ImageClone.Registry;

/// <summary>
/// The Polly policy for one request: replayable requests are retried on 5xx, 408, 429, connection
/// failures and per-attempt timeouts, with backoff, until the retry count or the time budget is
/// spent; the last answer is then passed on for the registry check to name.
/// </summary>
internal sealed class RetryPolicies(RegistryOptions options, TimeProvider time)
{
    private static readonly IAsyncPolicy<HttpResponseMessage> NoRetry = Policy.NoOpAsync<HttpResponseMessage>();

    public IAsyncPolicy<HttpResponseMessage> For(HttpRequestMessage request)
    {
        if (!ReplayableRequest.Is(request))
        {
            return NoRetry;
        }

        var started = time.GetTimestamp();
        bool InBudget() => time.GetElapsedTime(started) < options.GiveUpAfter;
        var perAttempt = Policy.TimeoutAsync<HttpResponseMessage>(options.RequestTimeout);
        var retry = Policy
            .HandleResult<HttpResponseMessage>(response => IsTransient(response.StatusCode) && InBudget())
            .Or<HttpRequestException>(_ => InBudget())
            .Or<TimeoutRejectedException>(_ => InBudget())
            .WaitAndRetryAsync(
                options.RequestRetries,
                (attempt, outcome, _) => Clip(RetryDelays.Next(attempt, outcome.Result, options, time.GetUtcNow(), Random.Shared.NextDouble()), started),
                (outcome, _, _, _) =>
                {
                    outcome.Result?.Dispose();
                    return Task.CompletedTask;
                });
        return retry.WrapAsync(perAttempt);
    }

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        || ((int)status >= 500 && status is not (HttpStatusCode.NotImplemented or HttpStatusCode.HttpVersionNotSupported));

    private TimeSpan Clip(TimeSpan delay, long started)
    {
        var remaining = options.GiveUpAfter - time.GetElapsedTime(started);
        return delay < remaining ? delay : remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }
}
