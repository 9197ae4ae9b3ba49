using System.Diagnostics;

namespace ImageClone.Tests.Support.Kube;

/// <summary>Debian's etcd 3.4 on loopback ports, its data in memory (/dev/shm when there is one).</summary>
internal sealed class Etcd : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ComponentProcess _process;
    private readonly string _binaries;
    private readonly string _dataDirectory;

    private Etcd(ComponentProcess process, string binaries, string dataDirectory, Uri clientUrl)
    {
        _process = process;
        _binaries = binaries;
        _dataDirectory = dataDirectory;
        ClientUrl = clientUrl;
    }

    public Uri ClientUrl { get; }

    public static async Task<Etcd> StartAsync(string binaries, string logDirectory)
    {
        var shm = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var data = Directory.CreateDirectory(Path.Combine(shm, $"imageclone-etcd-{Guid.NewGuid():N}")).FullName;
        var client = $"http://127.0.0.1:{FreePort.Next()}";
        var peer = $"http://127.0.0.1:{FreePort.Next()}";
        var process = ComponentProcess.Start("etcd", Path.Combine(binaries, "etcd"), logDirectory,
        [
            "--name=testbed", $"--data-dir={data}",
            $"--listen-client-urls={client}", $"--advertise-client-urls={client}",
            $"--listen-peer-urls={peer}", $"--initial-advertise-peer-urls={peer}", $"--initial-cluster=testbed={peer}",
            "--log-level=warn",
        ]);
        var etcd = new Etcd(process, binaries, data, new Uri(client));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StartTimeout && !process.HasExited)
        {
            try
            {
                if ((await http.GetStringAsync(new Uri($"{client}/health"))).Contains("true", StringComparison.Ordinal))
                {
                    return etcd;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        var tail = process.Tail();
        await etcd.DisposeAsync();
        throw new InvalidOperationException($"Test control plane: etcd did not become healthy on {client} within {StartTimeout.TotalSeconds} s:\n{tail}");
    }

    /// <summary>Compacts history up to the current revision: a watch from before it gets 410 from an apiserver without watch cache.</summary>
    public async Task<long> CompactAsync()
    {
        var status = await EtcdctlAsync("endpoint", "status", "--write-out=json");
        var revision = long.Parse(System.Text.RegularExpressions.Regex.Match(status, "\"revision\":(\\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await EtcdctlAsync("compact", revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return revision;
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<string> EtcdctlAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(_binaries, "etcdctl")) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["ETCDCTL_API"] = "3";
        start.ArgumentList.Add($"--endpoints={ClientUrl.GetLeftPart(UriPartial.Authority)}");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"etcdctl {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}");
    }
}
