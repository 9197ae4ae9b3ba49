using ImageClone.Operator;
using k8s.Models;

namespace ImageClone.Controllers;

[EntityRbac(typeof(V1Deployment), Verbs = RbacVerb.Get | RbacVerb.List | RbacVerb.Watch | RbacVerb.Patch)]
[EntityRbac(typeof(V1Pod), Verbs = RbacVerb.List | RbacVerb.Watch)]
[EntityRbac(typeof(V1Node), Verbs = RbacVerb.List)]
[EntityRbac(typeof(V1Secret), Verbs = RbacVerb.Get | RbacVerb.Create | RbacVerb.Update)]
[EntityRbac(typeof(Corev1Event), Verbs = RbacVerb.Create | RbacVerb.Patch)]
internal sealed class DeploymentController(WorkloadReconciler<V1Deployment> reconciler) : IEntityController<V1Deployment>
{
    public Task<ReconciliationResult<V1Deployment>> ReconcileAsync(V1Deployment entity, CancellationToken cancellationToken) =>
        reconciler.ReconcileAsync(entity, cancellationToken);

    /// <summary>Nothing to undo: mirroring keeps no state per workload, and the queue drops the key's backoff.</summary>
    public Task<ReconciliationResult<V1Deployment>> DeletedAsync(V1Deployment entity, CancellationToken cancellationToken) =>
        Task.FromResult(ReconciliationResult<V1Deployment>.Success(entity));
}
