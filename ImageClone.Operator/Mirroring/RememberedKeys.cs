using System.Collections.Concurrent;

namespace ImageClone.Mirroring;

/// <summary>Keys that hold for a while after they are remembered (a check that passed), on the injected clock.</summary>
internal sealed class RememberedKeys(TimeProvider time, TimeSpan duration)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);

    public bool Holds(string key) => _until.TryGetValue(key, out var expiry) && expiry > time.GetUtcNow();

    public void Remember(string key) => _until[key] = time.GetUtcNow() + duration;
}
