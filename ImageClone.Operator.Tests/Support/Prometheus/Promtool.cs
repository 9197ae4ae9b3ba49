using System.Diagnostics;

namespace ImageClone.Tests.Support.Prometheus;

/// <summary>Debian's promtool (package <c>prometheus</c>, which test.sh installs), run in a folder of its own.</summary>
internal static class Promtool
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <c>promtool arguments…</c> in <paramref name="directory"/>; its exit code and both outputs together.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool", arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("promtool could not be started: install Debian's prometheus package (test.sh does)", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(CommandTimeout);
            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
