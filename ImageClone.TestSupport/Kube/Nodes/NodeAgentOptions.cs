namespace ImageClone.Tests.Support.Kube.Nodes;

/// <summary>The simulated nodes and how their kubelets pull.</summary>
internal sealed record NodeAgentOptions
{
    /// <summary>Two amd64 nodes, and one arm64 node tainted <c>kubernetes.io/arch=arm64:NoSchedule</c>.</summary>
    public static NodeAgentOptions Default { get; } = new();

    public IReadOnlyList<SimulatedNode> Nodes { get; init; } =
    [
        new("node-amd64-a", "amd64", []),
        new("node-amd64-b", "amd64", []),
        new("node-arm64-a", "arm64", [SimulatedNode.Arm64Taint]),
    ];

    /// <summary>First wait after a failed pull (a kubelet starts at 10 s); it doubles up to <see cref="PullBackoffMax"/>.</summary>
    public TimeSpan PullBackoffInitial { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan PullBackoffMax { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Pods handled at once (pulls and status writes).</summary>
    public int Concurrency { get; init; } = 16;
}
