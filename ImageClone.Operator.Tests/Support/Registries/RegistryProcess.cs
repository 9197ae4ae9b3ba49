using System.Diagnostics;

namespace ImageClone.Tests.Support;

/// <summary>
/// A real CNCF distribution registry (<c>docker-registry serve</c>) on a loopback port, plain HTTP,
/// with its storage in a fresh temp directory. Disposing kills it and deletes the directory.
/// </summary>
public sealed class RegistryProcess : IAsyncDisposable
{
    private const string Binary = "/usr/bin/docker-registry";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly string _directory;
    private readonly string _authSection;
    private int _port;
    private Process? _process;
    private ProcessOutput? _output;

    private RegistryProcess(string directory, string authSection)
    {
        _directory = directory;
        _authSection = authSection;
    }

    /// <summary>"127.0.0.1:PORT", as image references name it.</summary>
    public string Host => $"127.0.0.1:{_port}";

    public Uri BaseUri => new($"http://{Host}/");

    public static Task<RegistryProcess> StartAnonymousAsync() => StartAsync(_ => "");

    public static Task<RegistryProcess> StartBasicAuthAsync(string username, string password) =>
        StartAsync(directory =>
        {
            var htpasswd = Path.Combine(directory, "htpasswd");
            // the registry checks the hash on every request: the lowest bcrypt cost keeps tests fast
            var hash = BCrypt.Net.BCrypt.HashPassword(password, BCrypt.Net.BCrypt.GenerateSalt(4, 'y'));
            File.WriteAllText(htpasswd, $"{username}:{hash}\n");
            return RegistryConfigFile.HtpasswdAuth(htpasswd);
        });

    public static Task<RegistryProcess> StartTokenAuthAsync(TokenIssuer issuer) =>
        StartAsync(_ => RegistryConfigFile.TokenAuth(issuer));

    /// <summary>Kills the process but keeps storage and port, to simulate an outage.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Starts the registry again on the same port and storage.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException($"The registry at {Host} is already running.");
        }
        if (!await TryLaunchAsync())
        {
            throw new InvalidOperationException($"The registry could not restart on {Host}: {_output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still being released by the killed process; the temp dir is left behind
        }
    }

    private static async Task<RegistryProcess> StartAsync(Func<string, string> writeAuth)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: install the Debian package docker-registry (see test.sh).");
        }
        var directory = Directory.CreateTempSubdirectory("imageclone-registry-").FullName;
        var registry = new RegistryProcess(directory, writeAuth(directory));
        const int attempts = 3;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            registry._port = FreePort.Next();
            if (await registry.TryLaunchAsync())
            {
                return registry;
            }
        }
        var output = registry._output?.ToString();
        await registry.DisposeAsync();
        throw new InvalidOperationException($"docker-registry did not start after {attempts} attempts: {output}");
    }

    /// <returns>false when the process exited early (e.g. the port was taken); throws when it hangs.</returns>
    private async Task<bool> TryLaunchAsync()
    {
        var storage = Directory.CreateDirectory(Path.Combine(_directory, "storage")).FullName;
        var config = RegistryConfigFile.Write(_directory, storage, _port, _authSection);
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{Binary} did not start.");
        _output = ProcessOutput.Capture(_process);

        if (await WaitUntilAnsweringAsync(_process))
        {
            return true;
        }
        var exited = _process.HasExited;
        await StopAsync();
        return exited
            ? false
            : throw new TimeoutException($"The registry on {Host} did not answer GET /v2/ within {StartTimeout.TotalSeconds} s: {_output}");
    }

    private async Task<bool> WaitUntilAnsweringAsync(Process process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(BaseUri, "v2/"));
                return true;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50);
            }
            catch (TaskCanceledException)
            {
                // a request timeout: poll again until the deadline
            }
        }
        return false;
    }
}
