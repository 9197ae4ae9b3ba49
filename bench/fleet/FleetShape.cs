namespace ImageClone.Bench.Fleet;

/// <summary>How big a fleet the benchmark builds.</summary>
internal sealed record FleetShape(int Images, int Deployments, int DaemonSets, int Namespaces)
{
    public static FleetShape Default => new(Images: 100, Deployments: 2000, DaemonSets: 500, Namespaces: 200);

    public int Workloads => Deployments + DaemonSets;
}
