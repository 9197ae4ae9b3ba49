using k8s;
using k8s.Models;

namespace ImageClone.Operator;

/// <summary>
/// Runs a controller: a fresh cache, queue and watcher each time it starts, so nothing of a
/// previous leadership term (pending requeues, stale objects) survives into the next.
/// </summary>
internal sealed class ControllerRunner<TController, TEntity>(
    IEntityApi<TEntity> api,
    IServiceScopeFactory scopes,
    LeadershipGate gate,
    OperatorSettings settings,
    OperatorMetrics metrics,
    TimeProvider time,
    ILoggerFactory loggers) : IControllerRunner
    where TController : class, IEntityController<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    public async Task RunAsync(Action onSynced, CancellationToken cancellationToken)
    {
        var kind = EntityTypeInfo.For(typeof(TEntity)).Kind;
        var logger = loggers.CreateLogger($"ImageClone.Operator.{typeof(TController).Name}");
        var backoff = new ExponentialBackoff(settings.FailureBackoffBase, settings.FailureBackoffCap);
        var cache = new EntityCache<TEntity>();
        using var queue = new EntityQueue(time, backoff, depth => metrics.SetQueueDepth(kind, depth));
        var watcher = new ResourceWatcher<TEntity>(api, new QueueingSink<TEntity>(cache, queue), settings, time, logger);
        var reconciler = new EntityReconciler<TController, TEntity>(cache, queue, gate, scopes, metrics, time, logger);

        var workers = Enumerable.Range(0, settings.MaxConcurrentReconciles)
            .Select(_ => Task.Run(() => reconciler.RunWorkerAsync(cancellationToken), CancellationToken.None));
        await Task.WhenAll([watcher.RunAsync(onSynced, cancellationToken), .. workers]);
        metrics.SetQueueDepth(kind, 0);
    }
}
