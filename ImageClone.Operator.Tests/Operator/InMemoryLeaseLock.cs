using System.Net;
using k8s.Autorest;
using k8s.LeaderElection;

namespace ImageClone.Tests.Operator;

/// <summary>An <see cref="ILock"/> over <see cref="InMemoryLease"/> that behaves like LeaseLock: 404 when absent, optimistic replace on the version last read or written.</summary>
internal sealed class InMemoryLeaseLock(InMemoryLease lease, string identity) : ILock
{
    private int _readVersion = -1;

    public string Identity => identity;

    public async Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default)
    {
        await lease.ServeAsync(cancellationToken);
        var (record, version) = lease.Read();
        Volatile.Write(ref _readVersion, version);
        return record ?? throw new HttpOperationException("lease not found")
        {
            Response = new HttpResponseMessageWrapper(new HttpResponseMessage(HttpStatusCode.NotFound), ""),
        };
    }

    public async Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        await lease.ServeAsync(cancellationToken);
        return Written(lease.TryCreate(record));
    }

    public async Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        await lease.ServeAsync(cancellationToken);
        return Written(lease.TryReplace(record, Volatile.Read(ref _readVersion)));
    }

    /// <summary>Like LeaseLock, keeps the version it wrote, so the next replace needs no read first.</summary>
    private bool Written(int? version)
    {
        if (version is { } written)
        {
            Volatile.Write(ref _readVersion, written);
        }

        return version is not null;
    }

    public string Describe() => $"in-memory lease held by {lease.Holder}";
}
