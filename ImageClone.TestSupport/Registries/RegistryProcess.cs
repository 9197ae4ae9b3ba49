using System.Diagnostics;

namespace ImageClone.Tests.Support;

/// <summary>
/// A real CNCF distribution registry (<c>docker-registry serve</c>) on a loopback port, plain HTTP,
/// with its storage in a fresh temp directory. Disposing kills it and deletes the directory.
/// </summary>
public sealed class RegistryProcess : IAsyncDisposable
{
    private const string DefaultBinary = "/usr/bin/docker-registry";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly string _binary;
    private readonly string _directory;
    private readonly string _authSection;
    private readonly string _instanceId = Guid.NewGuid().ToString("N");
    private int _port;
    private Process? _process;
    private ProcessOutput? _output;

    private RegistryProcess(string binary, string directory, string authSection)
    {
        _binary = binary;
        _directory = directory;
        _authSection = authSection;
    }

    /// <summary>"127.0.0.1:PORT", as image references name it.</summary>
    public string Host => $"127.0.0.1:{_port}";

    public Uri BaseUri => new($"http://{Host}/");

    /// <summary>The registry's filesystem storage root (e.g. to look for leftover uploads).</summary>
    public string StorageDirectory => Path.Combine(_directory, "storage");

    public static Task<RegistryProcess> StartAnonymousAsync() => StartAsync(DefaultBinary, _ => "");

    public static Task<RegistryProcess> StartBasicAuthAsync(string username, string password) => StartBasicAuthAsync((username, password));

    /// <summary>Behind htpasswd basic auth with several users (distribution gives every one of them pull and push).</summary>
    public static Task<RegistryProcess> StartBasicAuthAsync(params (string Username, string Password)[] users) =>
        StartAsync(DefaultBinary, directory =>
        {
            var htpasswd = Path.Combine(directory, "htpasswd");
            // the registry checks the hash on every request: the lowest bcrypt cost keeps tests fast
            File.WriteAllLines(htpasswd, users.Select(u => $"{u.Username}:{BCrypt.Net.BCrypt.HashPassword(u.Password, BCrypt.Net.BCrypt.GenerateSalt(4, 'y'))}"));
            return RegistryConfigFile.HtpasswdAuth(htpasswd);
        });

    public static Task<RegistryProcess> StartTokenAuthAsync(TokenIssuer issuer) =>
        StartAsync(DefaultBinary, _ => RegistryConfigFile.TokenAuth(issuer));

    /// <summary>Kills the process but keeps storage and port, to simulate an outage.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
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

    /// <param name="writeAuth">writes any files auth needs into the given directory and returns the config's auth block</param>
    internal static async Task<RegistryProcess> StartAsync(string binary, Func<string, string> writeAuth)
    {
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException($"{binary} is missing: install the Debian package docker-registry (see test.sh).");
        }
        var directory = Directory.CreateTempSubdirectory("imageclone-registry-").FullName;
        var registry = new RegistryProcess(binary, directory, writeAuth(directory));
        try
        {
            const int attempts = 3;
            for (var attempt = 1; attempt <= attempts; attempt++)
            {
                registry._port = FreePort.Next();
                if (await registry.TryLaunchAsync())
                {
                    return registry;
                }
            }
            throw new InvalidOperationException($"{binary} did not start after {attempts} attempts: {registry._output}");
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
    }

    /// <returns>false when the process exited early (e.g. the port was taken); throws when it hangs.</returns>
    private async Task<bool> TryLaunchAsync()
    {
        Directory.CreateDirectory(StorageDirectory);
        var config = RegistryConfigFile.Write(_directory, StorageDirectory, _port, _instanceId, _authSection);
        var start = new ProcessStartInfo(_binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(config);
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{_binary} did not start.");
        _output = ProcessOutput.Capture(_process);

        if (await WaitUntilAnsweringAsync(_process))
        {
            return true;
        }
        var hung = !_process.HasExited;
        await StopAsync();
        if (hung)
        {
            throw new TimeoutException($"The registry on {Host} did not answer GET /v2/ within {StartTimeout.TotalSeconds} s: {_output}");
        }
        return false;
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
                if (response.Headers.TryGetValues(RegistryConfigFile.InstanceHeader, out var ids) && ids.Contains(_instanceId))
                {
                    return true;
                }
                await Task.Delay(50);
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
