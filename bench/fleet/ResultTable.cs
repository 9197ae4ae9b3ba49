using System.Globalization;

namespace ImageClone.Bench.Fleet;

/// <summary>Prints the fleet's bring-up, then the two phases side by side, one figure per row.</summary>
internal static class ResultTable
{
    private const int LabelWidth = 50;

    private static readonly (string Label, string Command)[] ControlPlaneProcesses =
    [
        ("kube-apiserver", "kube-apiserver"), ("etcd", "etcd"), ("kube-controller-manager", "kube-controller"), ("kube-scheduler", "kube-scheduler"),
    ];

    public static void Print(TextWriter output, FleetShape shape, FleetResult result)
    {
        var (first, second) = (result.First, result.Second);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fleet: {shape.Images} images, {shape.Deployments - shape.StatefulSets} Deployments (1-3 replicas) + {shape.StatefulSets} StatefulSets + {shape.DaemonSets} DaemonSets in {shape.Namespaces} namespaces; operator KUBE_API_QPS/BURST {FleetBenchmark.ApiQps}/{FleetBenchmark.ApiBurst}"));
        Row(output, "bringing the fleet up (not the operator's)", "", "");
        Row(output, "  control plane started (s)", Seconds(result.ControlPlaneStart), "");
        Row(output, "  workloads created, admin client (s)", Seconds(result.WorkloadsCreated), "");
        Row(output, "  every rollout complete, from first create (s)", Seconds(result.FleetUp), "");
        foreach (var (label, command) in ControlPlaneProcesses)
        {
            Row(output, $"  {label} CPU (s)", Cpu(result.BringUpCpu, command), "");
        }

        Row(output, "  bench CPU: node agent, proxies, seeding (s)", Number(result.BringUpBenchCpu.TotalSeconds), "");
        output.WriteLine();
        Row(output, "figure", first.Name, second.Name);
        Row(output, new string('-', LabelWidth), new string('-', 16), new string('-', 16));
        Row(output, "all workloads written (s)", Seconds(first.AllWritten), Seconds(second.AllWritten));
        Row(output, "last copy finished (s)", Seconds(first.LastCopy), Seconds(second.LastCopy));
        Row(output, "last copy -> converged (s) [goal <= 60]", Seconds(first.AllWritten - first.LastCopy), "-");
        Row(output, "first /readyz 200, leader or follower (s)", Seconds(first.Ready), Seconds(second.Ready));
        Row(output, "became leader (s)", Seconds(first.Leader), Seconds(second.Leader));
        Row(output, "steady state: synced, queue drained (s)", Seconds(first.SteadyState), Seconds(second.SteadyState));
        Row(output, "every rollout complete (s)", Seconds(first.RolloutsComplete), Seconds(second.RolloutsComplete));
        if (first.ApiServerRestart is { } restart)
        {
            Row(output, "apiserver killed at (s) / ready again after (s)", $"{Seconds(restart.At)} / {Seconds(restart.Down)}", "-");
            Row(output, "  workloads written before it was killed", Count(restart.WrittenBefore), "-");
            Row(output, "  workloads rewritten without a successful answer", Count(shape.Workloads - first.Figures.WritesPerWorkload.Count), "-");
        }

        Row(output, "operator started leading (times) [kept: 1]", Count(first.LeadingTerms), Count(second.LeadingTerms));
        Row(output, "  paused, then resumed in the same term (times)", Count(first.LeadershipPauses), Count(second.LeadershipPauses));
        Row(output, "workloads written / not on the mirror", Written(first), Written(second));
        Row(output, "successful writes per workload (min-max)", Range(first.Figures.WritesPerWorkload.Values), Range(second.Figures.WritesPerWorkload.Values));
        Row(output, "refused write attempts", Count(first.Figures.FailedWrites), Count(second.Figures.FailedWrites));
        Row(output, "target repos copied / manifest PUTs per repo", Copies(first), Copies(second));
        Row(output, "blob upload sessions (POST)", Count(first.Figures.BlobUploads), Count(second.Figures.BlobUploads));
        Row(output, "manifest HEADs per image (min-max, total)", Heads(first), Heads(second));
        Row(output, "target registry requests, node pulls included", Count(first.Figures.TargetRequests), Count(second.Figures.TargetRequests));
        Row(output, "operator API requests / pod lists", Api(first), Api(second));
        Row(output, "operator reconciles per workload / mean (ms)", Reconciles(first, shape), Reconciles(second, shape));
        Row(output, "operator API requests per workload, by verb", "", "");
        foreach (var verb in first.Figures.OperatorRequestsByVerb.Keys.Union(second.Figures.OperatorRequestsByVerb.Keys)
            .OrderByDescending(k => first.Figures.OperatorRequestsByVerb.GetValueOrDefault(k)).ThenBy(k => k, StringComparer.Ordinal))
        {
            Row(output, $"  {verb}", PerWorkload(first, verb, shape), PerWorkload(second, verb, shape));
        }

        Row(output, "operator API requests per workload [goal <= 2.1]", Number3((double)first.Figures.OperatorApiRequests / shape.Workloads), Number3((double)second.Figures.OperatorApiRequests / shape.Workloads));
        Row(output, "operator peak RSS (MiB) [goal <= 300]", Number(first.PeakRssMiB), Number(second.PeakRssMiB));
        Row(output, "operator CPU time to steady state (s)", Number(first.OperatorCpuToSteadyState.TotalSeconds), Number(second.OperatorCpuToSteadyState.TotalSeconds));
        Row(output, "operator CPU time, whole phase (s)", Number(first.OperatorCpu.TotalSeconds), Number(second.OperatorCpu.TotalSeconds));
        Row(output, "bench CPU: node agent, proxies (s)", Number(first.BenchCpu.TotalSeconds), Number(second.BenchCpu.TotalSeconds));
        foreach (var (label, command) in ControlPlaneProcesses)
        {
            Row(output, $"{label} CPU (s)", Cpu(first.ControlPlaneCpu, command), Cpu(second.ControlPlaneCpu, command));
        }

        Row(output, "wall time of the phase (s)", Number(first.Wall.TotalSeconds), Number(second.Wall.TotalSeconds));
    }

    private static void Row(TextWriter output, string label, string first, string second) =>
        output.WriteLine($"{label,-LabelWidth} {first,16} {second,16}");

    private static string Seconds(TimeSpan? time) => time is { } t ? Number(t.TotalSeconds) : "-";

    private static string Number(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Number3(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Range(IEnumerable<int> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? "none" : $"{list.Min()}-{list.Max()}";
    }

    private static string Written(PhaseResult phase) => $"{phase.Figures.WritesPerWorkload.Count} / {phase.NotOnMirror}";

    private static string Copies(PhaseResult phase) =>
        $"{phase.Figures.ManifestPutsPerRepository.Count} / {Range(phase.Figures.ManifestPutsPerRepository.Values)}";

    private static string Heads(PhaseResult phase) =>
        $"{Range(phase.Figures.ManifestHeadsPerRepository.Values)}, {phase.Figures.ManifestHeadsPerRepository.Values.Sum()}";

    private static string Api(PhaseResult phase) => $"{phase.Figures.OperatorApiRequests} / {phase.Figures.PodLists}";

    private static string PerWorkload(PhaseResult phase, string verb, FleetShape shape)
    {
        var count = phase.Figures.OperatorRequestsByVerb.GetValueOrDefault(verb);
        return string.Create(CultureInfo.InvariantCulture, $"{(double)count / shape.Workloads:0.000} ({count})");
    }

    private static string Reconciles(PhaseResult phase, FleetShape shape) =>
        string.Create(CultureInfo.InvariantCulture, $"{(double)phase.Reconciles / shape.Workloads:0.00} / {phase.MeanReconcile?.TotalMilliseconds ?? 0:0}");

    private static string Cpu(IReadOnlyDictionary<string, TimeSpan> byCommand, string command) =>
        byCommand.TryGetValue(command, out var cpu) ? Number(cpu.TotalSeconds) : "-";
}
