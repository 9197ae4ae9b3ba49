using System.Diagnostics;
using ImageClone.Tests.Support;
using ImageClone.Tests.Support.Kube;
using ImageClone.Tests.Support.Kube.Proxy;

namespace ImageClone.Bench.Fleet;

/// <summary>
/// One run of the operator process on the fleet: until it is steady (and, with <c>untilAllWritten</c>, has written
/// every workload), then until every workload has rolled out onto the mirror, with the operator still running; then stops it (SIGTERM)
/// and takes the figures from the proxies' records, which it clears first. With <c>restartApiServer</c> it kills and
/// restarts the only apiserver once half of the workloads are written, with the operator in the middle of its work.
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

    private const string LeadingLine = "starting controllers";
    private const string ResumedLine = "reconciles resumed in the same term";

    public async Task<PhaseResult> RunAsync(string name, bool untilAllWritten, bool restartApiServer = false)
    {
        var logStart = File.Exists(logPath) ? new FileInfo(logPath).Length : 0;
        api.ClearRequests();
        target.ResetCounts();
        var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var childCpu = ChildProcessCpu.ByName();
        var clock = Stopwatch.StartNew();
        await using var process = OperatorProcess.Start(operatorDll, environment, FreePort.Next(), logPath);
        var observer = new FleetObserver(api, target, mirror.OperatorUser, mirror.MirrorPath);
        var steady = new SteadyStateProbe(process, fleet.Count);
        var written = untilAllWritten ? observer.WaitForWritesAsync(clock, fleet.Count, mirror.Digests.Count, SteadyTimeout, () => watch.Snapshot().NotOnMirror(fleet, mirror) == 0) : Task.FromResult(true);
        var restart = restartApiServer ? RestartApiServerAtHalfAsync(name, clock, observer, written) : Task.FromResult<ApiServerRestart?>(null);
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
        var leadingTerms = LogLines(logStart, LeadingLine);
        var pauses = LogLines(logStart, ResumedLine);
        return new PhaseResult(name, observer.LastWriteAt, observer.LastCopyAt, steady.ReadyAt, steady.LeaderAt, steady.SteadyAt, rolloutsComplete,
            (int)reconciles, meanReconcile, peak, cpuToSteadyState, cpu,
            BenchCpu: Process.GetCurrentProcess().TotalProcessorTime - benchCpu, ChildProcessCpu.Since(childCpu), clock.Elapsed,
            state.NotOnMirror(fleet, mirror), FleetFigures.From(api.Requests, target.Requests, mirror.OperatorUser, mirror.MirrorPath),
            leadingTerms, pauses, await restart);
    }

    private async Task<ApiServerRestart?> RestartApiServerAtHalfAsync(string name, Stopwatch clock, FleetObserver observer, Task written)
    {
        while (observer.WrittenCount < fleet.Count / 2 && !written.IsCompleted)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        var (at, writtenBefore) = (clock.Elapsed, observer.WrittenCount);
        Console.Error.WriteLine($"{name}: restarting the apiserver at {at.TotalSeconds:0.0} s, {writtenBefore} of {fleet.Count} workloads written...");
        await plane.ApiServer.RestartAsync();
        var down = clock.Elapsed - at;
        Console.Error.WriteLine($"{name}: the apiserver answered ready again after {down.TotalSeconds:0.0} s");
        return new ApiServerRestart(at, down, writtenBefore);
    }

    /// <summary>How many lines of the operator's log since <paramref name="from"/> contain <paramref name="text"/>.</summary>
    private int LogLines(long from, string text)
    {
        using var log = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        log.Seek(from, SeekOrigin.Begin);
        using var reader = new StreamReader(log);
        var terms = 0;
        while (reader.ReadLine() is { } line)
        {
            terms += line.Contains(text, StringComparison.Ordinal) ? 1 : 0;
        }

        return terms;
    }
}
