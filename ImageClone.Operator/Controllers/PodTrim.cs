using k8s.Models;

namespace ImageClone.Controllers;

/// <summary>
/// The fields of a pod the controllers read, and only those, so that the pod cache of a cluster with 100,000 pods
/// holds a few hundred bytes per pod instead of its whole object (managedFields, env, volumes, probes, …), as
/// client-go's informer transforms trim before they store.
/// </summary>
internal static class PodTrim
{
    public static V1Pod Keep(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var metadata = pod.Metadata ?? new V1ObjectMeta();
        return new V1Pod
        {
            ApiVersion = pod.ApiVersion,
            Kind = pod.Kind,
            Metadata = new V1ObjectMeta
            {
                Name = metadata.Name,
                NamespaceProperty = metadata.NamespaceProperty,
                Uid = metadata.Uid,
                ResourceVersion = metadata.ResourceVersion,
                Labels = metadata.Labels,
                DeletionTimestamp = metadata.DeletionTimestamp,
                OwnerReferences = metadata.OwnerReferences?.Select(o => new V1OwnerReference { ApiVersion = o.ApiVersion, Kind = o.Kind, Name = o.Name, Uid = o.Uid, Controller = o.Controller }).ToList(),
            },
            Spec = new V1PodSpec
            {
                NodeName = pod.Spec?.NodeName,
                InitContainers = pod.Spec?.InitContainers?.Select(Container).ToList(),
                Containers = pod.Spec?.Containers?.Select(Container).ToList() ?? [],
            },
            Status = pod.Status is not { } status ? null : new V1PodStatus
            {
                Phase = status.Phase,
                Conditions = status.Conditions?.Where(c => c.Type == "Ready").Select(c => new V1PodCondition { Type = c.Type, Status = c.Status }).ToList(),
                InitContainerStatuses = status.InitContainerStatuses?.Select(ContainerStatus).ToList(),
                ContainerStatuses = status.ContainerStatuses?.Select(ContainerStatus).ToList(),
            },
        };
    }

    private static V1Container Container(V1Container container) => new() { Name = container.Name, Image = container.Image };

    private static V1ContainerStatus ContainerStatus(V1ContainerStatus status) => new()
    {
        Name = status.Name,
        Image = status.Image,
        ImageID = status.ImageID,
        Ready = status.Ready,
        RestartCount = status.RestartCount,
        State = status.State is not { } state ? null : new V1ContainerState
        {
            Running = state.Running,
            Terminated = state.Terminated is { } terminated ? new V1ContainerStateTerminated { ExitCode = terminated.ExitCode, Reason = terminated.Reason } : null,
            Waiting = state.Waiting,
        },
    };
}
