namespace ImageClone.Operator;

/// <summary>The handlers every request of the operator's Kubernetes client goes through, outermost first.</summary>
public static class ApiClientHandlers
{
    public static DelegatingHandler[] Create(ApiClientSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return [new RetryAfterHandler(settings, time), new ApiRateLimitHandler(settings, time)];
    }
}
