using k8s;
using k8s.Models;

namespace ImageClone.Operator;

/// <summary>Lists and watches one entity type through the typed KubernetesClient calls given for it.</summary>
internal sealed class EntityApi<TEntity>(
    Func<CancellationToken, Task<EntityList<TEntity>>> list,
    Func<string, bool, int, CancellationToken, IAsyncEnumerable<(WatchEventType, TEntity)>> watch) : IEntityApi<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    public Task<EntityList<TEntity>> ListAsync(CancellationToken cancellationToken) => list(cancellationToken);

    public IAsyncEnumerable<(WatchEventType Type, TEntity Entity)> WatchAsync(
        string resourceVersion, bool allowBookmarks, int timeoutSeconds, CancellationToken cancellationToken) =>
        watch(resourceVersion, allowBookmarks, timeoutSeconds, cancellationToken);
}
