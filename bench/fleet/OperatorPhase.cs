using System.Diagnostics;
using ImageClone.Tests.Support;
using ImageClone.Tests.Support.Kube;
using ImageClone.Tests.Support.Kube.Proxy;

namespace ImageClone.Bench.Fleet;

/// <summary>
/// One run of the operator process on the fleet: until it is steady (and, with <c>untilAllWritten</c>, has written
/// every workload), then until every workload has rolled out onto the mirror, with the operator still running; then stops it (SIGTERM)
/// and takes the figures from the proxies' records, which it clears first.
/// </summary>
internal sealed class OperatorPhase(
    string operatorDll,
    string logPath,
    IReadOnlyDictionary<string, string> environment,
    ControlPlane plane,
    KubeApiProxy api,
    RegistryProxy target,
    FleetWatch watch,
    IReadOnlyList<FleetWorkload> fleet,
    MirrorTarget mirror)
{
    private static readonly TimeSpan SteadyTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RolloutTimeout = TimeSpan.FromMinutes(15);

    public async Task<PhaseResult> RunAsync(string name, bool untilAllWritten)
    {
        api.ClearRequests();
        target.ResetCounts();
        var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var childCpu = ChildProcessCpu.ByName();
        var clock = Stopwatch.StartNew();
        await using var process = OperatorProcess.Start(operatorDll, environment, FreePort.Next(), logPath);
        var observer = new FleetObserver(api, target, mirror.OperatorUser, mirror.MirrorPath);
        var steady = new SteadyStateProbe(process, fleet.Count);
        var written = untilAllWritten ? observer.WaitForWritesAsync(clock, fleet.Count, mirror.Digests.Count, SteadyTimeout) : Task.FromResult(true);
        await steady.WaitAsync(clock, SteadyTimeout, () => written.IsCompleted);
        if (!await written)
        {
            Console.Error.WriteLine($"{name}: not every workload was written within {SteadyTimeout}; see {logPath}");
        }

        if (process.HasExited)
        {
            throw new InvalidOperationException($"{name}: the operator exited; see {logPath}");
        }

        var cpuToSteadyState = process.CpuTime();
        var (state, rolledOut) = await RolloutWaiter.WaitAsync(watch, fleet, $"{name}: rollouts onto the mirror", RolloutTimeout, onto: mirror);
        TimeSpan? rolloutsComplete = rolledOut ? clock.Elapsed : null;
        plane.ThrowIfAControllerExited();

        var metrics = await process.MetricsAsync();
        var reconciles = metrics.Sum("operator_reconcile_duration_seconds_count");
        TimeSpan? meanReconcile = reconciles > 0 ? TimeSpan.FromSeconds(metrics.Sum("operator_reconcile_duration_seconds_sum") / reconciles) : null;
        var peak = process.PeakRssMiB();
        var cpu = process.CpuTime();
        await process.StopAsync();
        return new PhaseResult(name, observer.LastWriteAt, observer.LastCopyAt, steady.ReadyAt, steady.LeaderAt, steady.SteadyAt, rolloutsComplete,
            (int)reconciles, meanReconcile, peak, cpuToSteadyState, cpu,
            BenchCpu: Process.GetCurrentProcess().TotalProcessorTime - benchCpu, ChildProcessCpu.Since(childCpu), clock.Elapsed,
            state.NotOnMirror(fleet, mirror), FleetFigures.From(api.Requests, target.Requests, mirror.OperatorUser, mirror.MirrorPath));
    }
}
