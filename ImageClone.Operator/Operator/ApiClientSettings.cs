namespace ImageClone.Operator;

/// <summary>How the operator's Kubernetes client paces itself (defaults as controller-runtime's: 20 QPS, burst 30).</summary>
public sealed record ApiClientSettings
{
    /// <summary>Requests a second, sustained.</summary>
    public double Qps { get; init; } = 20;

    /// <summary>Requests at once before <see cref="Qps"/> paces them.</summary>
    public int Burst { get; init; } = 30;

    /// <summary>How often a 429 answer is waited out and sent again before it reaches the caller.</summary>
    public int MaxRetries { get; init; } = 5;
}
