using ImageClone.Mirroring;
using k8s.Models;

namespace ImageClone.Controllers;

/// <summary>The parts of a Deployment, DaemonSet or StatefulSet the controllers work with.</summary>
internal sealed record Workload(
    WorkloadKind Kind,
    string ApiVersion,
    V1ObjectMeta Metadata,
    V1PodTemplateSpec Template,
    V1LabelSelector? Selector,
    RolloutStatus Rollout)
{
    public string Namespace => Metadata.NamespaceProperty ?? "default";

    public string Name => Metadata.Name;

    public string Key => WorkloadKey.Of(Kind, Namespace, Name);

    public override string ToString() => Key;
}
