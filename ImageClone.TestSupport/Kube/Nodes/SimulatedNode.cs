using k8s.Models;

namespace ImageClone.Tests.Support.Kube.Nodes;

/// <summary>One simulated node: its name, CPU architecture, taints, and the container runtime whose imageID form it reports.</summary>
internal sealed record SimulatedNode(string Name, string Architecture, IReadOnlyList<V1Taint> Taints, ContainerRuntime Runtime = ContainerRuntime.Containerd)
{
    /// <summary>The taint arm64 nodes carry here, as mixed-architecture clusters commonly do: only pods that tolerate it land there.</summary>
    public static readonly V1Taint Arm64Taint = new() { Key = "kubernetes.io/arch", Value = "arm64", Effect = "NoSchedule" };
}
