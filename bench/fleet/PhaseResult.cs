namespace ImageClone.Bench.Fleet;

/// <summary>One operator run's figures; times are from the operator process's start.</summary>
/// <param name="RolloutsComplete">when every workload's rollout (onto the mirror, after its rewrite) was complete</param>
/// <param name="Reconciles">the operator's finished reconciles (its metrics), at the end of the phase</param>
/// <param name="OperatorCpuToSteadyState">the operator's CPU time until <paramref name="SteadyState"/>; <paramref name="OperatorCpu"/> is until the phase ended</param>
/// <param name="ControlPlaneCpu">CPU time of the control plane's processes during the phase, by command name</param>
/// <param name="LeadingTerms">how often the operator started leading in the phase (its log): 1 when it kept leadership throughout</param>
/// <param name="LeadershipPauses">how often it paused leading (its lease not renewed for the renew deadline) and resumed the same term</param>
/// <param name="ApiServerRestart">when the apiserver was restarted in the phase, if it was</param>
internal sealed record PhaseResult(
    string Name,
    TimeSpan? AllWritten,
    TimeSpan? LastCopy,
    TimeSpan? Ready,
    TimeSpan? Leader,
    TimeSpan? SteadyState,
    TimeSpan? RolloutsComplete,
    int Reconciles,
    TimeSpan? MeanReconcile,
    double PeakRssMiB,
    TimeSpan OperatorCpuToSteadyState,
    TimeSpan OperatorCpu,
    TimeSpan BenchCpu,
    IReadOnlyDictionary<string, TimeSpan> ControlPlaneCpu,
    TimeSpan Wall,
    int NotOnMirror,
    FleetFigures Figures,
    int LeadingTerms,
    int LeadershipPauses,
    ApiServerRestart? ApiServerRestart);
