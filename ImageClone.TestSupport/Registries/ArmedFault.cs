namespace ImageClone.Tests.Support;

/// <summary>A <see cref="FaultRule"/> with the number of times it may still fire.</summary>
internal sealed class ArmedFault(FaultRule rule)
{
    private int _remaining = rule.Times;

    public Fault Fault => rule.Fault;

    public bool TryFire(string method, string path) =>
        rule.Matches(method, path) && Interlocked.Decrement(ref _remaining) >= 0;
}
