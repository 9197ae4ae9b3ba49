using System.Globalization;

namespace ImageClone.Bench.Fleet;

/// <summary>How big a fleet the benchmark builds.</summary>
internal sealed record FleetShape(int Deployments, int DaemonSets, int Namespaces, int Images)
{
    public const string Usage = "[DEPLOYMENTS DAEMONSETS NAMESPACES IMAGES] (default 2000 500 200 100; every tenth of DEPLOYMENTS is a StatefulSet)";

    public static FleetShape Default => new(Deployments: 2000, DaemonSets: 500, Namespaces: 200, Images: 100);

    /// <summary>Every tenth of the <see cref="Deployments"/> slots is a StatefulSet of one replica instead.</summary>
    public const int StatefulSetEvery = 10;

    public int Workloads => Deployments + DaemonSets;

    public int StatefulSets => Deployments / StatefulSetEvery;

    public static bool IsStatefulSet(int index) => index % StatefulSetEvery == StatefulSetEvery - 1;

    /// <summary>The default shape for no arguments, else exactly four positive numbers; null when they are not.</summary>
    public static FleetShape? Parse(IReadOnlyList<string> arguments)
    {
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
