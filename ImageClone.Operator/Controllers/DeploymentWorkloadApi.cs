using ImageClone.Mirroring;
using k8s;
using k8s.Models;

namespace ImageClone.Controllers;

internal sealed class DeploymentWorkloadApi(IKubernetes client) : IWorkloadApi<V1Deployment>
{
    public Workload Describe(V1Deployment entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var rollout = RolloutHealth.OfDeployment(new DeploymentRolloutState(
            entity.Metadata.Generation,
            entity.Status?.ObservedGeneration,
            entity.Spec.Replicas,
            entity.Spec.Paused ?? false,
            entity.Status?.Replicas,
            entity.Status?.UpdatedReplicas,
            entity.Status?.AvailableReplicas,
            entity.Status?.UnavailableReplicas,
            entity.Status?.Conditions?.FirstOrDefault(c => c.Type == "Progressing" && c.Status == "False" && c.Reason == "ProgressDeadlineExceeded") is { } stalled
                ? stalled.Message ?? "the rollout made no progress in time"
                : null));
        return new Workload(WorkloadKind.Deployment, "apps/v1", entity.Metadata, entity.Spec.Template, entity.Spec.Selector, rollout);
    }

    public Task<V1Deployment> ReadAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        client.AppsV1.ReadNamespacedDeploymentAsync(name, @namespace, cancellationToken: cancellationToken);

    public Task<V1Deployment> PatchAsync(V1Patch patch, string @namespace, string name, CancellationToken cancellationToken) =>
        client.AppsV1.PatchNamespacedDeploymentAsync(patch, name, @namespace, cancellationToken: cancellationToken);
}
