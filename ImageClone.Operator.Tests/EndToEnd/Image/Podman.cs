using System.Diagnostics;
using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.EndToEnd.Image;

/// <summary>
/// podman as this machine can run it (testbed/containers.sh: vfs storage, runc, cgroupfs, testbed/containers.conf),
/// the same storage testbed/build-image.sh builds into.
/// </summary>
internal static class Podman
{
    private static readonly string[] GlobalOptions = ["--storage-driver", "vfs", "--runtime", "runc", "--cgroup-manager", "cgroupfs"];

    /// <summary>Runs podman; <paramref name="environment"/> is added to its own (for <c>--env NAME</c>, which passes a value without putting it on a command line).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("podman", [.. GlobalOptions, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CONTAINERS_CONF"] = Path.Combine(TestbedRoot.Path, "testbed", "containers.conf");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("podman could not be started: install buildah, podman and runc (test.sh does), then build the image with testbed/build-image.sh", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromSeconds(60));
            return (process.ExitCode, await stdout, await stderr);
        }
    }
}
