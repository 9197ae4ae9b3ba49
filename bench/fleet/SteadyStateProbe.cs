using System.Diagnostics;

namespace ImageClone.Bench.Fleet;

/// <summary>
/// Polls the operator's /readyz and /metrics: notes when it first answered ready and when it became leader; steady
/// once it leads with its watches synced, has finished at least one reconcile per workload, no key waits in its
/// queues, and <c>precondition</c> holds.
/// </summary>
internal sealed class SteadyStateProbe(OperatorProcess process, int workloads)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public TimeSpan? ReadyAt { get; private set; }

    public TimeSpan? LeaderAt { get; private set; }

    public TimeSpan? SteadyAt { get; private set; }

    public async Task WaitAsync(Stopwatch clock, TimeSpan timeout, Func<bool> precondition)
    {
        while (clock.Elapsed < timeout && !process.HasExited)
        {
            if (await process.IsReadyAsync())
            {
                ReadyAt ??= clock.Elapsed;
                var metrics = await process.MetricsAsync();
                if (metrics.Sum("operator_leader") == 1)
                {
                    LeaderAt ??= clock.Elapsed;
                }

                if (LeaderAt is not null && precondition() && metrics.Sum("operator_reconcile_total") >= workloads && metrics.Sum("operator_queue_depth") == 0)
                {
                    SteadyAt = clock.Elapsed;
                    return;
                }
            }

            await Task.Delay(PollInterval);
        }

        Console.Error.WriteLine($"the operator did not reach a steady state within {timeout}");
    }
}
