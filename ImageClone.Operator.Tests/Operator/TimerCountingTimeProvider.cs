using Microsoft.Extensions.Time.Testing;

namespace ImageClone.Tests.Operator;

/// <summary>Fake time that also counts timers created, so a test can see code start waiting (Task.Delay creates one).</summary>
internal sealed class TimerCountingTimeProvider : FakeTimeProvider
{
    private int _timersCreated;

    public int TimersCreated => Volatile.Read(ref _timersCreated);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _timersCreated);
        return base.CreateTimer(callback, state, dueTime, period);
    }
}
