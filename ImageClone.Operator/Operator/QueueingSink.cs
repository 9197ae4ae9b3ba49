using k8s;
using k8s.Models;

namespace ImageClone.Operator;

/// <summary>A controller's sink: keeps <see cref="EntityCache{TEntity}"/> in step and queues every key that changed.</summary>
internal sealed class QueueingSink<TEntity>(EntityCache<TEntity> cache, EntityQueue queue) : IWatchSink<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    public void Apply(WatchEventType type, TEntity entity)
    {
        switch (type)
        {
            case WatchEventType.Added or WatchEventType.Modified:
                queue.Enqueue(cache.Upsert(entity));
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
                queue.Enqueue(cache.Upsert(entity));
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

    private void Delete(EntityKey key, TEntity lastState)
    {
        cache.MarkDeleted(key, lastState);
        queue.Forget(key);
        queue.Enqueue(key);
    }
}
