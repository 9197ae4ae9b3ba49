using System.Diagnostics;

namespace ImageClone.Tests.Cli;

/// <summary>The built operator binary run as a user runs it (<c>dotnet ImageClone.Operator.dll ARGS</c>), with a clean environment and its own HOME.</summary>
internal static class CommandProcess
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "ImageClone.Operator.dll");
    private static readonly string[] Cleared =
    [
        "KUBECONFIG", "REPOSITORY", "INSECURE_REGISTRIES", "REGISTRY_USERNAME", "REGISTRY_PASSWORD", "PULL_USERNAME", "PULL_PASSWORD",
        "EXCLUDED_NAMESPACES", "HTTP_URLS", "DOCKER_CONFIG", "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT",
    ];

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var home = Directory.CreateTempSubdirectory("imageclone-home-");
        try
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Dll);
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var name in Cleared)
            {
                start.Environment.Remove(name);
            }

            start.Environment["HOME"] = home.FullName;
            foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[name] = value;
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet {Dll} did not start");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var bound = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(bound.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"ImageClone.Operator {string.Join(' ', args)} did not exit within {timeout ?? TimeSpan.FromSeconds(60)}: {await stderr}");
            }

            return new Result(process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }
}
