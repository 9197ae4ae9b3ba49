using k8s.Models;

namespace ImageClone.Bench.Fleet;

/// <summary>A workload as the apiserver has it: its containers' images and whether its rollout is complete.</summary>
internal sealed record WorkloadState(string Resource, string Namespace, string Name, IReadOnlyList<string> Images, bool RolledOut)
{
    /// <summary>As <c>kubectl rollout status</c> judges it: the spec observed, every replica updated and available, no old one left.</summary>
    public static WorkloadState Of(V1Deployment deployment)
    {
        var desired = deployment.Spec.Replicas ?? 1;
        var status = deployment.Status;
        var rolledOut = status is not null && status.ObservedGeneration >= deployment.Metadata.Generation
            && status.UpdatedReplicas == desired && status.AvailableReplicas == desired && status.Replicas == desired;
        return new(FleetWorkload.Deployments, deployment.Namespace(), deployment.Name(), ImagesOf(deployment.Spec.Template), rolledOut);
    }

    /// <summary>The spec observed, and a pod updated and available on every node it should run on (at least one).</summary>
    public static WorkloadState Of(V1DaemonSet daemonSet)
    {
        var status = daemonSet.Status;
        var rolledOut = status is not null && status.ObservedGeneration >= daemonSet.Metadata.Generation && status.DesiredNumberScheduled > 0
            && status.UpdatedNumberScheduled == status.DesiredNumberScheduled && status.NumberAvailable == status.DesiredNumberScheduled;
        return new(FleetWorkload.DaemonSets, daemonSet.Namespace(), daemonSet.Name(), ImagesOf(daemonSet.Spec.Template), rolledOut);
    }

    /// <summary>The spec observed, every replica ready and updated, and the rolling update complete (currentRevision = updateRevision).</summary>
    public static WorkloadState Of(V1StatefulSet statefulSet)
    {
        var desired = statefulSet.Spec.Replicas ?? 1;
        var status = statefulSet.Status;
        var rolledOut = status is not null && status.ObservedGeneration >= statefulSet.Metadata.Generation
            && status.ReadyReplicas == desired && status.UpdatedReplicas == desired && status.CurrentRevision == status.UpdateRevision;
        return new(FleetWorkload.StatefulSets, statefulSet.Namespace(), statefulSet.Name(), ImagesOf(statefulSet.Spec.Template), rolledOut);
    }

    /// <summary>Each container's image is under the mirror's repository, pinned to the digest its source image was pushed with.</summary>
    public bool RunsMirrorOf(FleetWorkload workload, MirrorTarget mirror) =>
        Images.Count == workload.Images.Count
        && Images.Zip(workload.Images).All(pair => pair.First.StartsWith(mirror.Repository + "/", StringComparison.Ordinal)
            && pair.First.EndsWith("@" + mirror.Digests[pair.Second], StringComparison.Ordinal));

    private static List<string> ImagesOf(V1PodTemplateSpec template) => [.. template.Spec.Containers.Select(c => c.Image)];
}
