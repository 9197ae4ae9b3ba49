using ImageClone.Operator;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ImageClone.Tests.Operator;

/// <summary>A cache, a queue and reconcile workers around a <see cref="ScriptedController"/>, on fake time.</summary>
internal sealed class ReconcilerHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ServiceProvider _services;
    private readonly List<Task> _workers = [];

    public ReconcilerHarness()
    {
        _services = new ServiceCollection().AddSingleton(Controller).BuildServiceProvider();
        Queue = new EntityQueue(Time, new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(8)));
    }

    public FakeTimeProvider Time { get; } = new();

    public ScriptedController Controller { get; } = new();

    /// <summary>The leader's permission to act; open unless a test closes it.</summary>
    public LeadershipGate Gate { get; } = new();

    public EntityCache<V1Deployment> Cache { get; } = new();

    public EntityQueue Queue { get; }

    /// <summary>Nothing queued and nothing being processed.</summary>
    public bool Idle => Queue.Depth == 0 && Queue.InFlight == 0;

    public void StartWorkers(int count)
    {
        var reconciler = new EntityReconciler<ScriptedController, V1Deployment>(
            Cache, Queue, Gate, _services.GetRequiredService<IServiceScopeFactory>(), new OperatorMetrics(), Time, NullLogger.Instance);
        for (var i = 0; i < count; i++)
        {
            _workers.Add(Task.Run(() => reconciler.RunWorkerAsync(_stop.Token)));
        }
    }

    /// <summary>What the watcher does on ADDED/MODIFIED.</summary>
    public void Changed(V1Deployment entity) => Queue.Enqueue(Cache.Upsert(entity));

    /// <summary>What the watcher does on DELETED.</summary>
    public void Deleted(V1Deployment entity)
    {
        var key = EntityKey.For(entity);
        Cache.MarkDeleted(key, entity);
        Queue.Forget(key);
        Queue.Enqueue(key);
    }

    public Task WaitUntilIdle() => Wait.UntilAsync(() => Idle, "the queue is idle");

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        Queue.Dispose();
        await _services.DisposeAsync();
        _stop.Dispose();
    }
}
