namespace ImageClone.Bench.Fleet;

/// <summary>What must hold after a run, whatever the timings: each failure named in one line.</summary>
internal static class FleetInvariants
{
    public static IReadOnlyList<string> Check(FleetShape shape, FleetResult result)
    {
        var failures = new List<string>();
        var (first, second) = (result.First, result.Second);
        Require(failures, first.SteadyState is not null, "first run: the operator did not reach a steady state");
        // A write the apiserver applied just before it was killed reaches the operator as a failure: the workload is
        // rewritten (NotOnMirror below) without a successful answer on record, and is never written again.
        var lostAnswers = first.ApiServerRestart is null ? 0 : first.Figures.FailedWrites;
        Require(failures, first.Figures.WritesPerWorkload.Count + lostAnswers >= shape.Workloads,
            $"first run: {first.Figures.WritesPerWorkload.Count} of {shape.Workloads} workloads were written");
        Require(failures, first.Figures.WritesPerWorkload.Values.All(n => n == 1),
            $"first run: {first.Figures.WritesPerWorkload.Values.Count(n => n > 1)} workloads were written more than once");
        Require(failures, first.Figures.ManifestPutsPerRepository.Count == shape.Images,
            $"first run: {first.Figures.ManifestPutsPerRepository.Count} of {shape.Images} images were copied");
        Require(failures, first.Figures.ManifestPutsPerRepository.Values.All(n => n == 1),
            $"first run: {first.Figures.ManifestPutsPerRepository.Values.Count(n => n > 1)} images were copied more than once");
        Require(failures, first.RolloutsComplete is not null, "first run: not every rollout onto the mirror completed");
        Require(failures, first.NotOnMirror == 0, $"first run: {first.NotOnMirror} workloads do not run the mirror's copy pinned to the source digest");
        Require(failures, first.LeadingTerms == 1, $"first run: the operator started leading {first.LeadingTerms} times (leadership lost and taken again)");
        Require(failures, second.SteadyState is not null, "restart: the operator did not reach a steady state");
        Require(failures, second.Figures.WritesPerWorkload.Count == 0 && second.Figures.FailedWrites == 0,
            $"restart: {second.Figures.WritesPerWorkload.Count + second.Figures.FailedWrites} workload writes on the converged fleet");
        Require(failures, second.Figures.ManifestPutsPerRepository.Count == 0 && second.Figures.BlobUploads == 0,
            $"restart: {second.Figures.ManifestPutsPerRepository.Count} images copied again on the converged fleet");
        Require(failures, second.NotOnMirror == 0, $"restart: {second.NotOnMirror} workloads do not run the mirror's copy");
        return failures;
    }

    private static void Require(List<string> failures, bool holds, string failure)
    {
        if (!holds)
        {
            failures.Add(failure);
        }
    }
}
