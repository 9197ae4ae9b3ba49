using System.Net;

namespace ImageClone.Registry;

/// <summary>How long to wait before retry <c>attempt</c> (1-based): a 429/503's Retry-After when given, else jittered exponential backoff.</summary>
internal static class RetryDelays
{
    public static TimeSpan Next(int attempt, HttpResponseMessage? response, RegistryOptions options, DateTimeOffset now, double jitter)
    {
        if (response?.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
            && RetryAfter(response, now) is { } retryAfter)
        {
            return retryAfter < options.RetryAfterMax ? retryAfter : options.RetryAfterMax;
        }

        return Backoff(attempt, options, jitter);
    }

    /// <param name="jitter">A value in [0, 1): the delay is spread over half to one and a half of the exponential step.</param>
    public static TimeSpan Backoff(int attempt, RegistryOptions options, double jitter)
    {
        var exponential = options.RetryBaseDelay * Math.Pow(2, Math.Min(attempt - 1, 20));
        var capped = exponential < options.RetryMaxDelay ? exponential : options.RetryMaxDelay;
        return capped * (0.5 + jitter);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? (date > now ? date - now : TimeSpan.Zero) : null;
    }
}
