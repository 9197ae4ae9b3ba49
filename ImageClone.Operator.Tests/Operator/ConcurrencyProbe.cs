namespace ImageClone.Tests.Operator;

/// <summary>Counts how many pieces of work run at once, and the most that ever did.</summary>
internal sealed class ConcurrencyProbe
{
    private int _active;
    private int _maxActive;

    public int Active => Volatile.Read(ref _active);

    public int MaxActive => Volatile.Read(ref _maxActive);

    public void Enter()
    {
        var active = Interlocked.Increment(ref _active);
        int max;
        while (active > (max = Volatile.Read(ref _maxActive)) && Interlocked.CompareExchange(ref _maxActive, active, max) != max)
        {
        }
    }

    public void Exit() => Interlocked.Decrement(ref _active);
}
