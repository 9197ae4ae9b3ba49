using System.Net;
using Polly;
using Polly.Timeout;

namespace ImageClone.Registry;

/// <summary>
/// The Polly policy for one request: replayable requests are retried on 5xx, 408, 429 and per-attempt timeouts, and on
/// transport failures as <see cref="TransportFailures"/> counts them (never on a TLS failure), with backoff, until that
/// kind's retries or the time budget are spent; each retry is told to <see cref="RegistryOptions.RetryObserver"/>. The
/// last answer is then passed on for the registry check to name.
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
        var action = $"{request.Method} {request.RequestUri?.GetLeftPart(UriPartial.Path)}";
        var transportFailures = 0;
        var timeouts = 0;
        bool InBudget() => time.GetElapsedTime(started) < options.GiveUpAfter;
        var perAttempt = Policy.TimeoutAsync<HttpResponseMessage>(options.RequestTimeout);
        var retry = Policy
            .HandleResult<HttpResponseMessage>(response => IsTransient(response.StatusCode) && InBudget())
            .Or<HttpRequestException>(e => InBudget() && ++transportFailures <= TransportFailures.RetriesFor(e, options))
            .Or<TimeoutRejectedException>(_ => InBudget() && ++timeouts <= options.TimeoutRetries)
            .WaitAndRetryAsync(
                options.RequestRetries,
                (attempt, outcome, _) => Clip(RetryDelays.Next(attempt, outcome.Result, options, time.GetUtcNow(), Random.Shared.NextDouble()), started),
                (outcome, delay, attempt, _) =>
                {
                    options.RetryObserver?.Invoke(Notice(action, outcome, delay, attempt));
                    outcome.Result?.Dispose();
                    return Task.CompletedTask;
                });
        return retry.WrapAsync(perAttempt);
    }

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        || ((int)status >= 500 && status is not (HttpStatusCode.NotImplemented or HttpStatusCode.HttpVersionNotSupported));

    private RetryNotice Notice(string action, DelegateResult<HttpResponseMessage> outcome, TimeSpan delay, int attempt) => outcome switch
    {
        { Exception: HttpRequestException e } => new(action, TransportFailures.Describe(e), delay, attempt, TransportFailures.RetriesFor(e, options)),
        { Exception: TimeoutRejectedException } => new(action, $"no answer within {options.RequestTimeout.TotalSeconds:0.#} s", delay, attempt, options.TimeoutRetries),
        { Result: { } response } => new(action, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd(), delay, attempt, options.RequestRetries),
        _ => new(action, outcome.Exception?.Message ?? "failed", delay, attempt, options.RequestRetries),
    };

    private TimeSpan Clip(TimeSpan delay, long started)
    {
        var remaining = options.GiveUpAfter - time.GetElapsedTime(started);
        return delay < remaining ? delay : remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }
}
