using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ImageClone.Operator;

/// <summary>Lists, watches and reads one entity type through the typed KubernetesClient calls given for it.</summary>
internal sealed class EntityApi<TEntity>(
    Func<CancellationToken, Task<EntityList<TEntity>>> list,
    Func<string, bool, int, CancellationToken, IAsyncEnumerable<(WatchEventType, TEntity)>> watch,
    Func<string, string, CancellationToken, Task<TEntity>> read) : IEntityApi<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    public Task<EntityList<TEntity>> ListAsync(CancellationToken cancellationToken) => list(cancellationToken);

    public IAsyncEnumerable<(WatchEventType Type, TEntity Entity)> WatchAsync(
        string resourceVersion, bool allowBookmarks, int timeoutSeconds, CancellationToken cancellationToken) =>
        watch(resourceVersion, allowBookmarks, timeoutSeconds, cancellationToken);

    public async Task<TEntity?> GetAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await read(@namespace, name, cancellationToken);
        }
        catch (HttpOperationException e) when (WatchErrors.IsNotFound(e))
        {
            return default;
        }
    }
}
