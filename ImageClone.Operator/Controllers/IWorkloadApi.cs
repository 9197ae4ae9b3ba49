using k8s;
using k8s.Models;

namespace ImageClone.Controllers;

/// <summary>What the shared reconcile needs of one workload kind: its view of the object, a read and a patch.</summary>
internal interface IWorkloadApi<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    Workload Describe(TEntity entity);

    Task<TEntity> ReadAsync(string @namespace, string name, CancellationToken cancellationToken);

    Task<TEntity> PatchAsync(V1Patch patch, string @namespace, string name, CancellationToken cancellationToken);
}
