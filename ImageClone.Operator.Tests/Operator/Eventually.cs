using Microsoft.Extensions.Time.Testing;

namespace ImageClone.Tests.Operator;

/// <summary>Bounded waits for a condition: fail with <c>what</c> after the timeout, never sleep a fixed time.</summary>
internal static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static async Task Until(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>Advances fake time by <paramref name="step"/> between checks, for code waiting on a backoff.</summary>
    public static async Task UntilAdvancing(FakeTimeProvider time, TimeSpan step, Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + DefaultTimeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}");
            }

            time.Advance(step);
            await Task.Delay(5);
        }
    }
}
