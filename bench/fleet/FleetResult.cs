namespace ImageClone.Bench.Fleet;

/// <summary>The whole run: bringing the fleet up (the control plane's and nodes' work), then the two operator phases.</summary>
/// <param name="WorkloadsCreated">from the first create to the last, through the admin client</param>
/// <param name="FleetUp">from the first create until every rollout was complete</param>
internal sealed record FleetResult(TimeSpan ControlPlaneStart, TimeSpan WorkloadsCreated, TimeSpan FleetUp, PhaseResult First, PhaseResult Second);
