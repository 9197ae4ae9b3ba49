namespace ImageClone.Operator;

/// <summary>Where this replica stands, for readiness probes. Thread-safe.</summary>
public sealed class OperatorState
{
    private const int NotStarted = -1;

    private volatile bool _isLeader;
    private volatile bool _observedOtherLeader;
    private int _watchersToSync = NotStarted;
    private int _terms;
    private int _suspensions;

    public bool IsLeader => _isLeader;

    /// <summary>How many times this replica has started leading.</summary>
    public int LeadershipTerms => Volatile.Read(ref _terms);

    /// <summary>This replica leads, or follows a holder it has observed.</summary>
    public bool LeadershipSettled => _isLeader || _observedOtherLeader;

    /// <summary>Every registered watcher finished its first list since work last started.</summary>
    public bool WatchesSynced => Volatile.Read(ref _watchersToSync) == 0;

    /// <summary>A leader with its caches filled, or a settled follower.</summary>
    public bool IsReady => _isLeader ? WatchesSynced : _observedOtherLeader;

    internal void BecomeLeader()
    {
        Interlocked.Increment(ref _terms);
        _isLeader = true;
    }

    /// <summary>How many times this replica paused leading because its lease was not renewed in time.</summary>
    public int LeadershipSuspensions => Volatile.Read(ref _suspensions);

    /// <summary>Not leading while its lease renewal is overdue; its term (and synced caches) go on.</summary>
    internal void SuspendLeadership()
    {
        _isLeader = false;
        Interlocked.Increment(ref _suspensions);
    }

    internal void ResumeLeadership() => _isLeader = true;

    internal void LoseLeadership()
    {
        _isLeader = false;
        _observedOtherLeader = false;
        Volatile.Write(ref _watchersToSync, NotStarted);
    }

    internal void ObserveOtherLeader() => _observedOtherLeader = true;

    internal void BeginSync(int watcherCount) => Volatile.Write(ref _watchersToSync, watcherCount);

    internal void WatcherSynced()
    {
        int current;
        do
        {
            current = Volatile.Read(ref _watchersToSync);
            if (current <= 0)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _watchersToSync, current - 1, current) != current);
    }
}
