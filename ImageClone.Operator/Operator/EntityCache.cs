using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace ImageClone.Operator;

/// <summary>
/// The watcher's view of the cluster: the latest object per key, plus the last state of objects
/// deleted but not yet handed to <c>DeletedAsync</c>.
/// </summary>
internal sealed class EntityCache<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentDictionary<EntityKey, TEntity> _entities = new();
    private readonly ConcurrentDictionary<EntityKey, TEntity> _deleted = new();

    public IReadOnlyCollection<EntityKey> Keys => _entities.Keys.ToList();

    public EntityKey Upsert(TEntity entity)
    {
        var key = EntityKey.For(entity);
        _deleted.TryRemove(key, out _);
        _entities[key] = entity;
        return key;
    }

    /// <summary>Removes the object and keeps <paramref name="lastState"/> for <c>DeletedAsync</c>.</summary>
    public void MarkDeleted(EntityKey key, TEntity lastState)
    {
        _entities.TryRemove(key, out _);
        _deleted[key] = lastState;
    }

    public bool TryGet(EntityKey key, out TEntity entity) => _entities.TryGetValue(key, out entity!);

    public bool TryTakeDeleted(EntityKey key, out TEntity lastState) => _deleted.TryRemove(key, out lastState!);

    public bool Contains(EntityKey key) => _entities.ContainsKey(key);
}
