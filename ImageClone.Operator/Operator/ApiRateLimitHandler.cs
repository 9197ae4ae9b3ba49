namespace ImageClone.Operator;

/// <summary>
/// Client-side rate limit on every request to the API server, as client-go's token bucket: up to
/// <see cref="ApiClientSettings.Burst"/> at once, refilled at <see cref="ApiClientSettings.Qps"/> a second, so a
/// start-up burst of thousands of reads queues here instead of meeting API Priority and Fairness.
/// </summary>
internal sealed class ApiRateLimitHandler(ApiClientSettings settings, TimeProvider time) : DelegatingHandler
{
    private readonly Lock _gate = new();
    private double _tokens = settings.Burst;
    private long _refilledAt = time.GetTimestamp();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var wait = Reserve();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>Takes a token (possibly one not yet refilled) and says how long to wait until it is there.</summary>
    private TimeSpan Reserve()
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            _tokens = Math.Min(settings.Burst, _tokens + (time.GetElapsedTime(_refilledAt, now).TotalSeconds * settings.Qps));
            _refilledAt = now;
            _tokens--;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / settings.Qps);
        }
    }
}
