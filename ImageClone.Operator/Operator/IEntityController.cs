using k8s;
using k8s.Models;

namespace ImageClone.Operator;

/// <summary>
/// The author-facing contract of an entity controller, shaped like KubeOps's: reconcile the
/// latest state of one object, and react to its deletion.
/// </summary>
public interface IEntityController<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    Task<ReconciliationResult<TEntity>> ReconcileAsync(TEntity entity, CancellationToken cancellationToken);

    Task<ReconciliationResult<TEntity>> DeletedAsync(TEntity entity, CancellationToken cancellationToken);
}
