using System.Globalization;

namespace ImageClone.Bench.Fleet;

/// <summary>How big a fleet the benchmark builds.</summary>
internal sealed record FleetShape(int Deployments, int DaemonSets, int Namespaces, int Images, bool RestartApiServer = false)
{
    public const string Usage = "[--restart-apiserver] [DEPLOYMENTS DAEMONSETS NAMESPACES IMAGES] (default 4500 500 200 200; every tenth of DEPLOYMENTS is a StatefulSet)";

    public static FleetShape Default => new(Deployments: 4500, DaemonSets: 500, Namespaces: 200, Images: 200);

    /// <summary>Every tenth of the <see cref="Deployments"/> slots is a StatefulSet of one replica instead.</summary>
    public const int StatefulSetEvery = 10;

    public int Workloads => Deployments + DaemonSets;

    public int StatefulSets => Deployments / StatefulSetEvery;

    public static bool IsStatefulSet(int index) => index % StatefulSetEvery == StatefulSetEvery - 1;

    /// <summary>A Deployment's replicas: 1, 2 or 3 in turn (a StatefulSet has one).</summary>
    public static int ReplicasOf(int index) => IsStatefulSet(index) ? 1 : 1 + (index % 3);

    /// <summary>The pods of the fleet: its Deployments' and StatefulSets' replicas, and one per DaemonSet on each of the <paramref name="amd64Nodes"/>.</summary>
    public int Pods(int amd64Nodes) => Enumerable.Range(0, Deployments).Sum(ReplicasOf) + (DaemonSets * amd64Nodes);

    /// <summary>
    /// The default shape for no numbers, else exactly four positive numbers, either after <c>--restart-apiserver</c> (the
    /// first run then restarts the apiserver once half of the workloads are written); null when they are not.
    /// </summary>
    public static FleetShape? Parse(IReadOnlyList<string> arguments)
    {
        if (arguments.Count > 0 && arguments[0] == "--restart-apiserver")
        {
            return Parse([.. arguments.Skip(1)]) is { RestartApiServer: false } shape ? shape with { RestartApiServer = true } : null;
        }

        if (arguments.Count == 0)
        {
            return Default;
        }

        var numbers = arguments.Select(a => int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 0).ToList();
        return numbers is [var deployments, var daemonSets, var namespaces, var images] && numbers.All(n => n > 0)
            ? new FleetShape(deployments, daemonSets, namespaces, images)
            : null;
    }
}
