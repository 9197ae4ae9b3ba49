using k8s;
using k8s.Models;

namespace ImageClone.Operator;

/// <summary>Fills a <see cref="ReadCache{TEntity}"/> and keeps it in step for as long as this replica leads; counts as synced after its first list.</summary>
internal sealed class ReadCacheRunner<TEntity>(
    IEntityApi<TEntity> api,
    ReadCache<TEntity> cache,
    OperatorSettings settings,
    TimeProvider time,
    ILoggerFactory loggers) : IControllerRunner
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    public Task RunAsync(Action onSynced, CancellationToken cancellationToken)
    {
        cache.Reset();
        var logger = loggers.CreateLogger($"ImageClone.Operator.ReadCache.{EntityTypeInfo.For(typeof(TEntity)).Kind}");
        return new ResourceWatcher<TEntity>(api, cache, settings, time, logger).RunAsync(onSynced, cancellationToken);
    }
}
