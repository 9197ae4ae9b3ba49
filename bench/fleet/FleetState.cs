using k8s;

namespace ImageClone.Bench.Fleet;

/// <summary>The fleet's workloads as the apiserver has them, read in two lists through the admin client.</summary>
internal sealed class FleetState
{
    private readonly Dictionary<(string Resource, string Namespace, string Name), WorkloadState> _byKey;

    private FleetState(IEnumerable<WorkloadState> workloads) => _byKey = workloads.ToDictionary(w => (w.Resource, w.Namespace, w.Name));

    /// <summary>From the watch cache (resourceVersion 0), so polling costs etcd nothing.</summary>
    public static async Task<FleetState> ReadAsync(IKubernetes admin, CancellationToken cancellationToken = default)
    {
        var deployments = await admin.AppsV1.ListDeploymentForAllNamespacesAsync(resourceVersion: "0", cancellationToken: cancellationToken);
        var daemonSets = await admin.AppsV1.ListDaemonSetForAllNamespacesAsync(resourceVersion: "0", cancellationToken: cancellationToken);
        return new FleetState(deployments.Items.Select(WorkloadState.Of).Concat(daemonSets.Items.Select(WorkloadState.Of)));
    }

    /// <summary>Workloads of <paramref name="fleet"/> whose rollout is not complete (or that are missing).</summary>
    public int NotRolledOut(IEnumerable<FleetWorkload> fleet) => fleet.Count(w => Find(w) is not { RolledOut: true });

    /// <summary>
    /// Workloads of <paramref name="fleet"/> not running wholly from the mirror: each container's image must be under
    /// <paramref name="repository"/> and pinned to the digest its source image was pushed with.
    /// </summary>
    public int NotOnMirror(IEnumerable<FleetWorkload> fleet, string repository, IReadOnlyDictionary<string, string> digests) =>
        fleet.Count(w => Find(w) is not { } now || now.Images.Count != w.Images.Count
            || now.Images.Zip(w.Images).Any(pair => !pair.First.StartsWith(repository + "/", StringComparison.Ordinal)
                || !pair.First.EndsWith("@" + digests[pair.Second], StringComparison.Ordinal)));

    private WorkloadState? Find(FleetWorkload workload) => _byKey.GetValueOrDefault((workload.Resource, workload.Namespace, workload.Name));
}
