namespace ImageClone.Bench.Fleet;

/// <param name="Resource"><see cref="Deployments"/>, <see cref="DaemonSets"/> or <see cref="StatefulSets"/>, as the API proxy's records name it</param>
/// <param name="Images">the source images of its containers, in order</param>
/// <param name="Replicas">its pods, for a Deployment or StatefulSet; a DaemonSet runs one per node that takes it</param>
internal sealed record FleetWorkload(string Resource, string Namespace, string Name, IReadOnlyList<string> Images, int Replicas = 1)
{
    public const string Deployments = "deployments";
    public const string DaemonSets = "daemonsets";
    public const string StatefulSets = "statefulsets";

    /// <summary>Whether the operator's write of this resource is a workload write (a rewrite or a revert).</summary>
    public static bool IsWorkload(string? resource) => resource is Deployments or DaemonSets or StatefulSets;
}
