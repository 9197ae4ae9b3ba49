using System.Diagnostics;

namespace ImageClone.Bench.Fleet;

/// <summary>Waits until every workload's rollout is complete, reporting progress on stderr now and then.</summary>
internal static class RolloutWaiter
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(20);

    /// <param name="onto">when set, a workload counts only once its rollout of the mirror's copies is complete</param>
    /// <returns>the final state, and whether every rollout completed within <paramref name="timeout"/></returns>
    public static async Task<(FleetState State, bool Complete)> WaitAsync(
        FleetWatch watch, IReadOnlyList<FleetWorkload> fleet, string what, TimeSpan timeout, MirrorTarget? onto = null)
    {
        var waited = Stopwatch.StartNew();
        var lastProgress = TimeSpan.Zero;
        while (true)
        {
            var state = watch.Snapshot();
            var pending = state.NotRolledOut(fleet, onto);
            if (pending == 0 || waited.Elapsed >= timeout)
            {
                return (state, pending == 0);
            }

            if (waited.Elapsed - lastProgress >= ProgressInterval)
            {
                lastProgress = waited.Elapsed;
                Console.Error.WriteLine($"  {what}: {fleet.Count - pending} of {fleet.Count} rolled out after {waited.Elapsed.TotalSeconds:0} s");
            }

            await Task.Delay(PollInterval);
        }
    }
}
