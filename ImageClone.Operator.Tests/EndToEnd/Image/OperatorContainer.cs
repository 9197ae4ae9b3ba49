namespace ImageClone.Tests.EndToEnd.Image;

/// <summary>
/// The operator image run by podman as config/manager/manager.yaml runs it: user 1654:1654, read-only root file
/// system, a 64 MiB tmpfs at /tmp (the manifest's emptyDir), every capability dropped, no privilege escalation,
/// the runtime's default seccomp profile; configured by environment only, the kubeconfig mounted read-only.
/// Unlike a pod, it shares the host's network (so it reaches the loopback API proxy and registries) and listens on a
/// free loopback port instead of 8080. Disposing removes it.
/// </summary>
internal sealed class OperatorContainer : IAsyncDisposable
{
    private const string KubeconfigPath = "/var/run/imageclone/kubeconfig";

    private OperatorContainer(string name, Uri baseAddress)
    {
        Name = name;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public static async Task<OperatorContainer> StartAsync(string image, string kubeconfig, IReadOnlyDictionary<string, string> environment)
    {
        var name = $"imageclone-test-{Guid.NewGuid().ToString("N")[..8]}";
        var baseAddress = new Uri($"http://127.0.0.1:{Support.FreePort.Next()}");
        var settings = new Dictionary<string, string>(environment)
        {
            ["KUBECONFIG"] = KubeconfigPath,
            ["HTTP_URLS"] = baseAddress.ToString().TrimEnd('/'),
        };
        List<string> arguments =
        [
            "run", "--detach", "--name", name, "--network", "host",
            "--user", "1654:1654", "--read-only", "--tmpfs", "/tmp:rw,size=64m,mode=1777",
            "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
            "--volume", $"{kubeconfig}:{KubeconfigPath}:ro",
        ];
        foreach (var setting in settings.Keys)
        {
            arguments.AddRange(["--env", setting]);
        }

        arguments.Add(image);
        var (exitCode, _, stderr) = await Podman.RunAsync(arguments, settings);
        if (exitCode != 0)
        {
            Assert.Fail($"podman run {image} failed ({exitCode}): {stderr}");
        }

        return new OperatorContainer(name, baseAddress);
    }

    /// <summary>The container's output so far (stdout and stderr).</summary>
    public async Task<string> LogsAsync()
    {
        var (_, stdout, stderr) = await Podman.RunAsync(["logs", Name]);
        return stdout + stderr;
    }

    /// <summary>podman's word on it: "running", "exited" …</summary>
    public async Task<string> StatusAsync() => (await Podman.RunAsync(["inspect", "--format", "{{.State.Status}}", Name])).Stdout.Trim();

    /// <summary>Runs a command inside it (as its user), e.g. to see what it may write.</summary>
    public async Task<(int ExitCode, string Output)> ExecAsync(params string[] command)
    {
        var (exitCode, stdout, stderr) = await Podman.RunAsync(["exec", Name, .. command]);
        return (exitCode, stdout + stderr);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Podman.RunAsync(["rm", "--force", "--time", "5", Name]);
    }
}
