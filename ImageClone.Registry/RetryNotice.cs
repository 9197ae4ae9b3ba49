namespace ImageClone.Registry;

/// <summary>A request (or a blob stream) about to be tried again: what, why, after how long, and how many tries are left.</summary>
/// <param name="Action">The request, e.g. <c>HEAD https://registry.local:5000/v2/team/app/manifests/v1</c> (no query string).</param>
/// <param name="Reason">What happened, e.g. <c>HTTP 503 Service Unavailable</c>, <c>connection refused</c>, <c>no answer within 30 s</c>.</param>
/// <param name="Retry">This retry, 1-based.</param>
/// <param name="MaxRetries">The most retries this kind of failure gets.</param>
public sealed record RetryNotice(string Action, string Reason, TimeSpan Delay, int Retry, int MaxRetries)
{
    public override string ToString() =>
        $"{Action}: {Reason}; retrying in {Delay.TotalSeconds:0.0} s ({Retry} of {MaxRetries})";
}
