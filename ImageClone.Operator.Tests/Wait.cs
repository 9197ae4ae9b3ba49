using Microsoft.Extensions.Time.Testing;

namespace ImageClone.Tests;

/// <summary>
/// Bounded waits for a condition on observable state; fails naming what did not happen. Never a fixed sleep.
/// An in-memory condition is checked every 5 ms; one that asks a server (asynchronous) every 20 ms, not to load it.
/// </summary>
internal static class Wait
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan InMemoryPollInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan ServerPollInterval = TimeSpan.FromMilliseconds(20);

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(condition, () => what, timeout);

    /// <summary><paramref name="what"/> is asked only on failure, so it can describe the state at that moment.</summary>
    public static Task UntilAsync(Func<bool> condition, Func<string> what, TimeSpan? timeout = null) =>
        PollAsync(() => Task.FromResult(condition()), () => { }, InMemoryPollInterval, what, timeout);

    public static Task UntilAsync(Func<Task<bool>> condition, Func<string> what, TimeSpan? timeout = null) =>
        PollAsync(condition, () => { }, ServerPollInterval, what, timeout);

    /// <summary>Advances fake time by <paramref name="step"/> between checks, for code waiting on a backoff.</summary>
    public static Task UntilAdvancingAsync(FakeTimeProvider time, TimeSpan step, Func<bool> condition, string what) =>
        PollAsync(() => Task.FromResult(condition()), () => time.Advance(step), InMemoryPollInterval, () => what, timeout: null);

    private static async Task PollAsync(Func<Task<bool>> condition, Action betweenChecks, TimeSpan interval, Func<string> what, TimeSpan? timeout)
    {
        var limit = timeout ?? DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {limit.TotalSeconds:0} s waiting until {what()}");
            }

            betweenChecks();
            await Task.Delay(interval);
        }
    }
}
