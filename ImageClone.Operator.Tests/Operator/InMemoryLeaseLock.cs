using System.Net;
using k8s.Autorest;
using k8s.LeaderElection;

namespace ImageClone.Tests.Operator;

/// <summary>An <see cref="ILock"/> over <see cref="InMemoryLease"/> that behaves like LeaseLock: 404 when absent, optimistic replace.</summary>
internal sealed class InMemoryLeaseLock(InMemoryLease lease, string identity) : ILock
{
    private int _readVersion = -1;

    public string Identity => identity;

    public Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default)
    {
        var (record, version) = lease.Read();
        Volatile.Write(ref _readVersion, version);
        return record is null
            ? Task.FromException<LeaderElectionRecord>(new HttpOperationException("lease not found")
            {
                Response = new HttpResponseMessageWrapper(new HttpResponseMessage(HttpStatusCode.NotFound), ""),
            })
            : Task.FromResult(record);
    }

    public Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default) =>
        Task.FromResult(lease.TryCreate(record));

    public Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default) =>
        Task.FromResult(lease.TryReplace(record, Volatile.Read(ref _readVersion)));

    public string Describe() => $"in-memory lease held by {lease.Holder}";
}
