using k8s.Models;

namespace ImageClone.Tests.Controllers;

/// <summary>Whether a real workload reports its rollout done, as <c>kubectl rollout status</c> reads the status (independent of the product's own judgement).</summary>
internal static class RolloutComplete
{
    public static bool Of(V1Deployment deployment) =>
        deployment.Status is { } status
        && status.ObservedGeneration >= deployment.Metadata.Generation
        && status.Replicas == deployment.Spec.Replicas
        && status.UpdatedReplicas == deployment.Spec.Replicas
        && status.AvailableReplicas == deployment.Spec.Replicas;

    public static bool Of(V1DaemonSet daemonSet) =>
        daemonSet.Status is { DesiredNumberScheduled: > 0 } status
        && status.ObservedGeneration >= daemonSet.Metadata.Generation
        && status.UpdatedNumberScheduled == status.DesiredNumberScheduled
        && status.NumberAvailable == status.DesiredNumberScheduled;
}
