using System.Net;

namespace ImageClone.Operator;

/// <summary>
/// Honours the API server's 429 Too Many Requests (API Priority and Fairness) as client-go does: waits the
/// <c>Retry-After</c> it names (1 s if none, at most <see cref="MaxWait"/>) and sends again, up to
/// <see cref="ApiClientSettings.MaxRetries"/> times, before the 429 reaches the caller.
/// </summary>
internal sealed class RetryAfterHandler(ApiClientSettings settings, TimeProvider time) : DelegatingHandler
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var retry = 0; ; retry++)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || retry >= settings.MaxRetries)
            {
                return response;
            }

            var wait = RetryAfter(response);
            response.Dispose();
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var named = response.Headers.RetryAfter?.Delta
            ?? (response.Headers.RetryAfter?.Date is { } date ? date - time.GetUtcNow() : (TimeSpan?)null)
            ?? TimeSpan.FromSeconds(1);
        return named < TimeSpan.Zero ? TimeSpan.Zero : named > MaxWait ? MaxWait : named;
    }
}
