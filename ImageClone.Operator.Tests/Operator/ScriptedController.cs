using System.Collections.Concurrent;
using ImageClone.Operator;
using k8s.Models;

namespace ImageClone.Tests.Operator;

/// <summary>A controller whose answers the test scripts, recording every call and how many ran at once.</summary>
internal sealed class ScriptedController : IEntityController<V1Deployment>
{
    private readonly ConcurrentDictionary<EntityKey, int> _inFlightByKey = new();
    private int _inFlight;
    private int _maxInFlight;
    private int _maxInFlightPerKey;

    public Func<V1Deployment, CancellationToken, Task<ReconciliationResult<V1Deployment>>> OnReconcile { get; set; } =
        (entity, _) => Task.FromResult(ReconciliationResult<V1Deployment>.Success(entity));

    public ConcurrentQueue<V1Deployment> Reconciled { get; } = new();

    public ConcurrentQueue<V1Deployment> Deleted { get; } = new();

    public int InFlight => Volatile.Read(ref _inFlight);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int MaxInFlightPerKey => Volatile.Read(ref _maxInFlightPerKey);

    public async Task<ReconciliationResult<V1Deployment>> ReconcileAsync(V1Deployment entity, CancellationToken cancellationToken)
    {
        var key = EntityKey.For(entity);
        Raise(ref _maxInFlight, Interlocked.Increment(ref _inFlight));
        Raise(ref _maxInFlightPerKey, _inFlightByKey.AddOrUpdate(key, 1, (_, n) => n + 1));
        Reconciled.Enqueue(entity);
        try
        {
            return await OnReconcile(entity, cancellationToken);
        }
        finally
        {
            _inFlightByKey.AddOrUpdate(key, 0, (_, n) => n - 1);
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public Task<ReconciliationResult<V1Deployment>> DeletedAsync(V1Deployment entity, CancellationToken cancellationToken)
    {
        Deleted.Enqueue(entity);
        return Task.FromResult(ReconciliationResult<V1Deployment>.Success(entity));
    }

    private static void Raise(ref int max, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref max)) && Interlocked.CompareExchange(ref max, value, current) != current)
        {
        }
    }
}
