using ImageClone.Operator;
using k8s.Models;

namespace ImageClone.Controllers;

/// <summary>
/// StatefulSets reconcile as the other workloads do, plus one step of their own: a reverted one stuck on a pod that
/// could not run the copy is unstuck first (<see cref="StatefulSetForcedRollback"/>, which is why it may delete pods).
/// </summary>
[EntityRbac(typeof(V1StatefulSet), Verbs = RbacVerb.Get | RbacVerb.List | RbacVerb.Watch | RbacVerb.Patch)]
[EntityRbac(typeof(V1Pod), Verbs = RbacVerb.List | RbacVerb.Watch | RbacVerb.Delete)]
[EntityRbac(typeof(V1Node), Verbs = RbacVerb.List)]
[EntityRbac(typeof(V1Secret), Verbs = RbacVerb.Get | RbacVerb.Create | RbacVerb.Update)]
[EntityRbac(typeof(Corev1Event), Verbs = RbacVerb.Create | RbacVerb.Patch)]
internal sealed class StatefulSetController(
    WorkloadReconciler<V1StatefulSet> reconciler, IWorkloadApi<V1StatefulSet> api, StatefulSetForcedRollback rollback) : IEntityController<V1StatefulSet>
{
    public async Task<ReconciliationResult<V1StatefulSet>> ReconcileAsync(V1StatefulSet entity, CancellationToken cancellationToken) =>
        await rollback.UnstickAsync(entity, api.Describe(entity), cancellationToken) is { } lookAgain
            ? ReconciliationResult<V1StatefulSet>.Success(entity, lookAgain)
            : await reconciler.ReconcileAsync(entity, cancellationToken);

    /// <summary>Nothing to undo: mirroring keeps no state per workload, and the queue drops the key's backoff.</summary>
    public Task<ReconciliationResult<V1StatefulSet>> DeletedAsync(V1StatefulSet entity, CancellationToken cancellationToken) =>
        Task.FromResult(ReconciliationResult<V1StatefulSet>.Success(entity));
}
