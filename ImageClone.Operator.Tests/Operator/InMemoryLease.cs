using k8s.LeaderElection;

namespace ImageClone.Tests.Operator;

/// <summary>A Lease object as the API server keeps it: one record, replaced only by a writer that read the current version.</summary>
internal sealed class InMemoryLease
{
    private readonly Lock _gate = new();
    private LeaderElectionRecord? _record;
    private int _version;
    private int _refusals;
    private int _requests;

    /// <summary>How long every request waits before it is answered.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>The next <paramref name="count"/> requests fail as a refused connection would (an API server restarting).</summary>
    public void RefuseNext(int count) => Volatile.Write(ref _refusals, count);

    /// <summary>What every request meets first: the latency, then a refusal while any are left.</summary>
    public async Task ServeAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, cancellationToken);
        }

        if (Interlocked.Decrement(ref _refusals) >= 0)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (in-memory lease)");
        }

        Interlocked.CompareExchange(ref _refusals, 0, -1);
    }

    /// <summary>Requests served or refused so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public int Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    public string? Holder
    {
        get
        {
            lock (_gate)
            {
                return _record?.HolderIdentity;
            }
        }
    }

    public (LeaderElectionRecord? Record, int Version) Read()
    {
        lock (_gate)
        {
            return (_record is null ? null : Copy(_record), _version);
        }
    }

    /// <summary>The new version, or null when the lease exists already.</summary>
    public int? TryCreate(LeaderElectionRecord record)
    {
        lock (_gate)
        {
            if (_record is not null)
            {
                return null;
            }

            _record = Copy(record);
            return ++_version;
        }
    }

    /// <summary>The new version, or null (409 Conflict) when the lease changed since <paramref name="readVersion"/>.</summary>
    public int? TryReplace(LeaderElectionRecord record, int readVersion)
    {
        lock (_gate)
        {
            if (_record is null || readVersion != _version)
            {
                return null;
            }

            _record = Copy(record);
            return ++_version;
        }
    }

    /// <summary>Another replica, outside the test, takes the lease (and then stops renewing it).</summary>
    public void TakeOver(string holder)
    {
        lock (_gate)
        {
            _record = new LeaderElectionRecord
            {
                HolderIdentity = holder,
                LeaseDurationSeconds = 2,
                AcquireTime = DateTime.UtcNow,
                RenewTime = DateTime.UtcNow,
                LeaderTransitions = (_record?.LeaderTransitions ?? 0) + 1,
            };
            _version++;
        }
    }

    private static LeaderElectionRecord Copy(LeaderElectionRecord r) => new()
    {
        HolderIdentity = r.HolderIdentity,
        LeaseDurationSeconds = r.LeaseDurationSeconds,
        AcquireTime = r.AcquireTime,
        RenewTime = r.RenewTime,
        LeaderTransitions = r.LeaderTransitions,
    };
}
