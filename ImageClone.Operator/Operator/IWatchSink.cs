using k8s;
using k8s.Models;

namespace ImageClone.Operator;

/// <summary>Where <see cref="ResourceWatcher{TEntity}"/> delivers what it lists and watches.</summary>
internal interface IWatchSink<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>An object added, modified or deleted, as one watch event said.</summary>
    void Apply(WatchEventType type, TEntity entity);

    /// <summary>A whole fresh list: what it lacks was deleted meanwhile.</summary>
    void Replace(EntityList<TEntity> list);
}
