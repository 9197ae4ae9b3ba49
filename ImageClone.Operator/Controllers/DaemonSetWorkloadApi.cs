using ImageClone.Mirroring;
using k8s;
using k8s.Models;

namespace ImageClone.Controllers;

internal sealed class DaemonSetWorkloadApi(IKubernetes client) : IWorkloadApi<V1DaemonSet>
{
    public Workload Describe(V1DaemonSet entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var rollout = RolloutHealth.OfDaemonSet(new DaemonSetRolloutState(
            entity.Metadata.Generation,
            entity.Status?.ObservedGeneration,
            entity.Status?.DesiredNumberScheduled,
            entity.Status?.UpdatedNumberScheduled,
            entity.Status?.NumberAvailable,
            entity.Spec.UpdateStrategy?.Type == "OnDelete"));
        return new Workload(WorkloadKind.DaemonSet, "apps/v1", entity.Metadata, entity.Spec.Template, entity.Spec.Selector, rollout);
    }

    public Task<V1DaemonSet> ReadAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        client.AppsV1.ReadNamespacedDaemonSetAsync(name, @namespace, cancellationToken: cancellationToken);

    public Task<V1DaemonSet> PatchAsync(V1Patch patch, string @namespace, string name, CancellationToken cancellationToken) =>
        client.AppsV1.PatchNamespacedDaemonSetAsync(patch, name, @namespace, cancellationToken: cancellationToken);
}
