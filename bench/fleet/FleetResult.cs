namespace ImageClone.Bench.Fleet;

/// <summary>The whole run: bringing the fleet up (the control plane's and nodes' work), then the two operator phases.</summary>
/// <param name="WorkloadsCreated">from the first create to the last, through the admin client</param>
/// <param name="FleetUp">from the first create until every rollout was complete</param>
/// <param name="BringUpCpu">CPU time of the control plane's processes from the first create until the fleet was up, by command name</param>
/// <param name="BringUpBenchCpu">the benchmark process's CPU time in that while (node agent, proxies, seeding)</param>
internal sealed record FleetResult(
    TimeSpan ControlPlaneStart,
    TimeSpan WorkloadsCreated,
    TimeSpan FleetUp,
    IReadOnlyDictionary<string, TimeSpan> BringUpCpu,
    TimeSpan BringUpBenchCpu,
    PhaseResult First,
    PhaseResult Second);
