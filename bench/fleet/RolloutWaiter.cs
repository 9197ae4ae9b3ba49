using System.Diagnostics;
using k8s;

namespace ImageClone.Bench.Fleet;

/// <summary>Polls the fleet until every workload's rollout is complete, reporting progress on stderr now and then.</summary>
internal static class RolloutWaiter
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(20);

    /// <returns>the final state, and whether every rollout completed within <paramref name="timeout"/></returns>
    public static async Task<(FleetState State, bool Complete)> WaitAsync(IKubernetes admin, IReadOnlyList<FleetWorkload> fleet, string what, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        var lastProgress = TimeSpan.Zero;
        while (true)
        {
            var state = await FleetState.ReadAsync(admin);
            var pending = state.NotRolledOut(fleet);
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
