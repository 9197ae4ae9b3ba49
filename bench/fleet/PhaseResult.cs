namespace ImageClone.Bench.Fleet;

/// <summary>One operator run's figures; times are from the operator process's start.</summary>
internal sealed record PhaseResult(
    string Name,
    TimeSpan? AllWritten,
    TimeSpan? LastCopy,
    TimeSpan? Ready,
    TimeSpan? Leader,
    TimeSpan? SteadyState,
    double PeakRssMiB,
    TimeSpan OperatorCpu,
    TimeSpan BenchCpu,
    TimeSpan Wall,
    int WrongWorkloads,
    FleetFigures Figures);
