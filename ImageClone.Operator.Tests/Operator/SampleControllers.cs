using ImageClone.Operator;
using k8s.Models;

namespace ImageClone.Tests.Operator;

[EntityRbac(typeof(V1Deployment), Verbs = RbacVerb.Get | RbacVerb.Update | RbacVerb.Patch)]
[EntityRbac(typeof(V1Pod), Verbs = RbacVerb.List)]
[GenericRbac(Groups = [""], Resources = ["events"], Verbs = RbacVerb.Get)]
internal sealed class SampleDeploymentController : IEntityController<V1Deployment>
{
    public Task<ReconciliationResult<V1Deployment>> ReconcileAsync(V1Deployment entity, CancellationToken cancellationToken) =>
        Task.FromResult(ReconciliationResult<V1Deployment>.Success(entity));

    public Task<ReconciliationResult<V1Deployment>> DeletedAsync(V1Deployment entity, CancellationToken cancellationToken) =>
        Task.FromResult(ReconciliationResult<V1Deployment>.Success(entity));
}

[EntityRbac(typeof(V1DaemonSet), Verbs = RbacVerb.Patch)]
[EntityRbac(typeof(V1Deployment), Verbs = RbacVerb.Delete)]
internal sealed class SampleDaemonSetController : IEntityController<V1DaemonSet>
{
    public Task<ReconciliationResult<V1DaemonSet>> ReconcileAsync(V1DaemonSet entity, CancellationToken cancellationToken) =>
        Task.FromResult(ReconciliationResult<V1DaemonSet>.Success(entity));

    public Task<ReconciliationResult<V1DaemonSet>> DeletedAsync(V1DaemonSet entity, CancellationToken cancellationToken) =>
        Task.FromResult(ReconciliationResult<V1DaemonSet>.Success(entity));
}
