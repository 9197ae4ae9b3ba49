namespace ImageClone.Bench.Fleet;

/// <summary>A snapshot of the fleet's workloads as the apiserver had them (see <see cref="FleetWatch"/>).</summary>
internal sealed class FleetState(IReadOnlyDictionary<(string Resource, string Namespace, string Name), WorkloadState> byKey)
{
    /// <summary>Workloads of <paramref name="fleet"/> whose rollout is not complete (or that are missing); with <paramref name="onto"/>, also those not running its copies.</summary>
    public int NotRolledOut(IEnumerable<FleetWorkload> fleet, MirrorTarget? onto = null) =>
        fleet.Count(w => Find(w) is not { RolledOut: true } state || (onto is not null && !state.RunsMirrorOf(w, onto)));

    /// <summary>Workloads of <paramref name="fleet"/> whose images are not wholly <paramref name="mirror"/>'s copies, pinned to the source digests.</summary>
    public int NotOnMirror(IEnumerable<FleetWorkload> fleet, MirrorTarget mirror) => fleet.Count(w => Find(w)?.RunsMirrorOf(w, mirror) != true);

    private WorkloadState? Find(FleetWorkload workload) => byKey.GetValueOrDefault((workload.Resource, workload.Namespace, workload.Name));
}
