using k8s;
using k8s.Models;

namespace ImageClone.Operator;

/// <summary>The API calls the runtime makes for one entity type, across all namespaces.</summary>
public interface IEntityApi<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    Task<EntityList<TEntity>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Watches from <paramref name="resourceVersion"/>. A 410 Gone surfaces as an exception
    /// (<see cref="KubernetesException"/> or <see cref="k8s.Autorest.HttpOperationException"/>), never as a silent end.
    /// </summary>
    IAsyncEnumerable<(WatchEventType Type, TEntity Entity)> WatchAsync(
        string resourceVersion, bool allowBookmarks, int timeoutSeconds, CancellationToken cancellationToken);
}
