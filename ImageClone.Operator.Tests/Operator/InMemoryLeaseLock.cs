using System.Net;
using k8s.Autorest;
using k8s.LeaderElection;

namespace ImageClone.Tests.Operator;

/// <summary>An <see cref="ILock"/> over <see cref="InMemoryLease"/> that behaves like LeaseLock: 404 when absent, optimistic replace.</summary>
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
        return lease.TryCreate(record);
    }

    public async Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default)
    {
        await lease.ServeAsync(cancellationToken);
        return lease.TryReplace(record, Volatile.Read(ref _readVersion));
    }

    public string Describe() => $"in-memory lease held by {lease.Holder}";
}
