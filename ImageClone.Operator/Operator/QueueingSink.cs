using k8s;
using k8s.Models;

namespace ImageClone.Operator;

/// <summary>
/// A controller's sink: keeps <see cref="EntityCache{TEntity}"/> in step and queues every key that changed. Objects are
/// cached without their <c>managedFields</c> (controller-runtime's <c>TransformStripManagedFields</c>): they are often
/// the largest part of an object and no reconcile needs them; one that does reads the object from the API server.
/// </summary>
internal sealed class QueueingSink<TEntity>(EntityCache<TEntity> cache, EntityQueue queue) : IWatchSink<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    public void Apply(WatchEventType type, TEntity entity)
    {
        switch (type)
        {
            case WatchEventType.Added or WatchEventType.Modified:
                queue.Enqueue(cache.Upsert(Stripped(entity)));
                break;
            case WatchEventType.Deleted:
                Delete(EntityKey.For(entity), entity);
                break;
        }
    }

    public void Replace(EntityList<TEntity> list)
    {
        var listed = new HashSet<EntityKey>();
        foreach (var entity in list.Items)
        {
            var key = EntityKey.For(entity);
            listed.Add(key);
            if (!cache.TryGet(key, out var cached) || cached.Metadata?.ResourceVersion != entity.Metadata?.ResourceVersion)
            {
                queue.Enqueue(cache.Upsert(Stripped(entity)));
            }
        }

        foreach (var key in cache.Keys.Where(k => !listed.Contains(k)))
        {
            if (cache.TryGet(key, out var lastState))
            {
                Delete(key, lastState);
            }
        }
    }

    private static TEntity Stripped(TEntity entity)
    {
        if (entity.Metadata is { } metadata)
        {
            metadata.ManagedFields = null;
        }

        return entity;
    }

    private void Delete(EntityKey key, TEntity lastState)
    {
        cache.MarkDeleted(key, lastState);
        queue.Forget(key);
        queue.Enqueue(key);
    }
}
