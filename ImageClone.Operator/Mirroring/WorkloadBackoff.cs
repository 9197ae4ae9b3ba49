using System.Collections.Concurrent;

namespace ImageClone.Mirroring;

/// <summary>Per-workload exponential delay: <c>initial</c>, doubled on each further attempt, capped at <c>max</c>.</summary>
internal sealed class WorkloadBackoff(TimeSpan initial, TimeSpan max)
{
    private readonly ConcurrentDictionary<string, int> attempts = new(StringComparer.Ordinal);

    public TimeSpan Next(string workloadKey)
    {
        var attempt = attempts.AddOrUpdate(workloadKey, 1, (_, previous) => previous + 1);
        var exponent = Math.Min(attempt - 1, 30);
        var delay = initial * Math.Pow(2, exponent);
        return delay < max ? delay : max;
    }

    public void Reset(string workloadKey) => attempts.TryRemove(workloadKey, out _);
}
