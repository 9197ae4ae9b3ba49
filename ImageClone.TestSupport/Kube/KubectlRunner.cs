using System.Diagnostics;

namespace ImageClone.Tests.Support.Kube;

/// <summary>Runs the installed kubectl against a kubeconfig, with a private discovery cache, killed if it outlives its timeout.</summary>
public static class KubectlRunner
{
    public static async Task<KubectlResult> RunAsync(string kubeconfig, TimeSpan timeout, params string[] arguments)
    {
        var cacheDirectory = Directory.CreateTempSubdirectory("kubectl-cache-").FullName;
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--kubeconfig", kubeconfig, "--cache-dir", cacheDirectory }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl could not be started");
        using var bound = new CancellationTokenSource(timeout);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(bound.Token);
            var error = process.StandardError.ReadToEndAsync(bound.Token);
            await process.WaitForExitAsync(bound.Token);
            return new KubectlResult(process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl {string.Join(' ', arguments)} did not finish within {timeout}");
        }
        finally
        {
            Directory.Delete(cacheDirectory, recursive: true);
        }
    }
}
