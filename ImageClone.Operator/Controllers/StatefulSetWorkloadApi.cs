using ImageClone.Mirroring;
using k8s;
using k8s.Models;

namespace ImageClone.Controllers;

internal sealed class StatefulSetWorkloadApi(IKubernetes client) : IWorkloadApi<V1StatefulSet>
{
    public Workload Describe(V1StatefulSet entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var strategy = entity.Spec.UpdateStrategy;
        var rollout = RolloutHealth.OfStatefulSet(new StatefulSetRolloutState(
            entity.Metadata.Generation,
            entity.Status?.ObservedGeneration,
            entity.Spec.Replicas,
            entity.Status?.ReadyReplicas,
            entity.Status?.UpdatedReplicas,
            entity.Status?.CurrentRevision,
            entity.Status?.UpdateRevision,
            strategy?.RollingUpdate?.Partition,
            strategy?.Type == "OnDelete"));
        return new Workload(WorkloadKind.StatefulSet, "apps/v1", entity.Metadata, entity.Spec.Template, entity.Spec.Selector, rollout);
    }

    public Task<V1StatefulSet> ReadAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        client.AppsV1.ReadNamespacedStatefulSetAsync(name, @namespace, cancellationToken: cancellationToken);

    public Task<V1StatefulSet> PatchAsync(V1Patch patch, string @namespace, string name, CancellationToken cancellationToken) =>
        client.AppsV1.PatchNamespacedStatefulSetAsync(patch, name, @namespace, cancellationToken: cancellationToken);
}
