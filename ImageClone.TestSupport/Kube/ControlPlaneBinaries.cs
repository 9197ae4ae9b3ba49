using System.Diagnostics;

namespace ImageClone.Tests.Support.Kube;

/// <summary>
/// The folder holding kube-apiserver, kube-controller-manager, kube-scheduler, etcd and etcdctl, made by
/// <c>testbed/build-control-plane.sh</c> (cached outside the checkout; a cached build costs nothing).
/// </summary>
internal static class ControlPlaneBinaries
{
    public static async Task<string> BuildAsync()
    {
        var script = Path.Combine(TestbedRoot.Path, "testbed", "build-control-plane.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not run {script}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var errors = await stderr;
        if (process.ExitCode != 0)
        {
            var lastLines = string.Join('\n', errors.Split('\n').TakeLast(25));
            throw new InvalidOperationException($"The test control plane could not be built ({script} exited {process.ExitCode}):\n{lastLines}");
        }

        return stdout.Trim().Split('\n')[^1];
    }
}
