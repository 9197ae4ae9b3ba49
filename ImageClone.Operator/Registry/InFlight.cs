using System.Collections.Concurrent;

namespace ImageClone.Registry;

/// <summary>Runs one operation per key at a time: a caller asking for a key already running joins it.</summary>
internal sealed class InFlight<T>
{
    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> running = new();

    public async Task<T> RunAsync(string key, Func<Task<T>> operation)
    {
        var mine = new Lazy<Task<T>>(operation);
        var current = running.GetOrAdd(key, mine);
        try
        {
            return await current.Value;
        }
        finally
        {
            running.TryRemove(KeyValuePair.Create(key, current));
        }
    }
}
