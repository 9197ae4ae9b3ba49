using System.Globalization;

namespace ImageClone.Bench.Fleet;

/// <summary>Prints the phases side by side, one figure per row.</summary>
internal static class ResultTable
{
    public static void Print(TextWriter output, FleetShape shape, PhaseResult first, PhaseResult second)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fleet: {shape.Images} images, {shape.Deployments} Deployments + {shape.DaemonSets} DaemonSets in {shape.Namespaces} namespaces"));
        Row(output, "figure", first.Name, second.Name);
        Row(output, new string('-', 44), new string('-', 16), new string('-', 16));
        Row(output, "all workloads written (s)", Seconds(first.AllWritten), Seconds(second.AllWritten));
        Row(output, "last copy finished (s)", Seconds(first.LastCopy), Seconds(second.LastCopy));
        Row(output, "last copy -> converged (s) [goal <= 60]", Seconds(first.AllWritten - first.LastCopy), "-");
        Row(output, "first /readyz 200, leader or follower (s)", Seconds(first.Ready), Seconds(second.Ready));
        Row(output, "became leader (s)", Seconds(first.Leader), Seconds(second.Leader));
        Row(output, "steady state: synced, queue drained (s)", Seconds(first.SteadyState), Seconds(second.SteadyState));
        Row(output, "workloads written / pointing wrong", Written(first), Written(second));
        Row(output, "successful writes per workload (min-max)", Range(first.Figures.WritesPerWorkload.Values), Range(second.Figures.WritesPerWorkload.Values));
        Row(output, "refused write attempts", Count(first.Figures.FailedWrites), Count(second.Figures.FailedWrites));
        Row(output, "target repos copied / manifest PUTs per repo", Copies(first), Copies(second));
        Row(output, "blob upload sessions (POST)", Count(first.Figures.BlobUploads), Count(second.Figures.BlobUploads));
        Row(output, "manifest HEADs per image (min-max, total)", Heads(first), Heads(second));
        Row(output, "target registry requests", Count(first.Figures.TargetRequests), Count(second.Figures.TargetRequests));
        Row(output, "operator API requests / pod lists", Api(first), Api(second));
        Row(output, "operator peak RSS (MiB) [goal <= 250]", Number(first.PeakRssMiB), Number(second.PeakRssMiB));
        Row(output, "operator CPU time (s)", Number(first.OperatorCpu.TotalSeconds), Number(second.OperatorCpu.TotalSeconds));
        Row(output, "bench process CPU: fake API + proxy (s)", Number(first.BenchCpu.TotalSeconds), Number(second.BenchCpu.TotalSeconds));
        Row(output, "wall time of the phase (s)", Number(first.Wall.TotalSeconds), Number(second.Wall.TotalSeconds));
    }

    private static void Row(TextWriter output, string label, string first, string second) =>
        output.WriteLine($"{label,-44} {first,16} {second,16}");

    private static string Seconds(TimeSpan? time) => time is { } t ? Number(t.TotalSeconds) : "-";

    private static string Number(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Range(IEnumerable<int> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? "none" : $"{list.Min()}-{list.Max()}";
    }

    private static string Written(PhaseResult phase) => $"{phase.Figures.WritesPerWorkload.Count} / {phase.WrongWorkloads}";

    private static string Copies(PhaseResult phase) =>
        $"{phase.Figures.ManifestPutsPerRepository.Count} / {Range(phase.Figures.ManifestPutsPerRepository.Values)}";

    private static string Heads(PhaseResult phase) =>
        $"{Range(phase.Figures.ManifestHeadsPerRepository.Values)}, {phase.Figures.ManifestHeadsPerRepository.Values.Sum()}";

    private static string Api(PhaseResult phase) => $"{phase.Figures.OperatorApiRequests} / {phase.Figures.PodLists}";
}
