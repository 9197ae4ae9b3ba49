using System.Collections.Concurrent;
using System.Diagnostics;

namespace ImageClone.Tests.Faults;

/// <summary>
/// The operator as a separate process (<c>dotnet ImageClone.Operator.dll</c> from the test's build output), configured
/// by environment only, its output lines collected. Disposing kills it.
/// </summary>
internal sealed class OperatorProcess : IAsyncDisposable
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "ImageClone.Operator.dll");

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private OperatorProcess(Process process) => _process = process;

    public IReadOnlyList<string> Output => [.. _output];

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts it with exactly <paramref name="environment"/> on top of a minimal inherited one (no KUBECONFIG, no REPOSITORY).</summary>
    public static OperatorProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Dll);
        foreach (var inherited in new[] { "KUBECONFIG", "REPOSITORY", "INSECURE_REGISTRIES", "REGISTRY_USERNAME", "REGISTRY_PASSWORD" })
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet {Dll} did not start");
        var running = new OperatorProcess(process);
        process.OutputDataReceived += (_, line) => running.Collect(line.Data);
        process.ErrorDataReceived += (_, line) => running.Collect(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>SIGKILL: no shutdown code runs, as when a node dies or the OOM killer strikes.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>Waits for the process to exit by itself, killing it after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var bound = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            Assert.Fail($"the operator process did not exit within {timeout}: {string.Join('\n', Output)}");
        }

        // the exit can be seen before the last redirected lines are delivered
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
