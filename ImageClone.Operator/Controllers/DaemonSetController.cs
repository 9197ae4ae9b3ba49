using ImageClone.Operator;
using k8s.Models;

namespace ImageClone.Controllers;

[EntityRbac(typeof(V1DaemonSet), Verbs = RbacVerb.Get | RbacVerb.List | RbacVerb.Watch | RbacVerb.Patch)]
[EntityRbac(typeof(V1Pod), Verbs = RbacVerb.List | RbacVerb.Watch)]
[EntityRbac(typeof(V1Node), Verbs = RbacVerb.List)]
[EntityRbac(typeof(V1Secret), Verbs = RbacVerb.Get | RbacVerb.Create | RbacVerb.Update)]
[EntityRbac(typeof(Corev1Event), Verbs = RbacVerb.Create | RbacVerb.Patch)]
internal sealed class DaemonSetController(WorkloadReconciler<V1DaemonSet> reconciler) : IEntityController<V1DaemonSet>
{
    public Task<ReconciliationResult<V1DaemonSet>> ReconcileAsync(V1DaemonSet entity, CancellationToken cancellationToken) =>
        reconciler.ReconcileAsync(entity, cancellationToken);

    /// <summary>Nothing to undo: mirroring keeps no state per workload, and the queue drops the key's backoff.</summary>
    public Task<ReconciliationResult<V1DaemonSet>> DeletedAsync(V1DaemonSet entity, CancellationToken cancellationToken) =>
        Task.FromResult(ReconciliationResult<V1DaemonSet>.Success(entity));
}
