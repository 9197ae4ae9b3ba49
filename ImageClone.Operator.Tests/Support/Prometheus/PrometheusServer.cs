using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ImageClone.Tests.Support.Prometheus;

/// <summary>
/// A real Prometheus server (Debian's package) on a loopback port, scraping one target every second as the job the
/// alerting rules select (<c>imageclone-metrics</c>) and evaluating the shipped rules every second. Its data lives
/// in a folder of its own, deleted on dispose.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    public const string JobName = "imageclone-metrics";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ProcessOutput _output;
    private readonly DirectoryInfo _directory;

    private PrometheusServer(Process process, ProcessOutput output, DirectoryInfo directory, Uri address)
    {
        _process = process;
        _output = output;
        _directory = directory;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    public HttpClient Http { get; }

    /// <summary>Its log lines so far (the last few), for failure messages.</summary>
    public string Output => _output.ToString();

    public static async Task<PrometheusServer> StartAsync(Uri target)
    {
        var directory = Directory.CreateTempSubdirectory("imageclone-prometheus-");
        AlertRuleFile.WriteTo(directory.FullName);
        var config = Path.Combine(directory.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - {AlertRuleFile.FileName}
            scrape_configs:
              - job_name: {JobName}
                metrics_path: /metrics
                static_configs:
                  - targets: ["{target.Authority}"]
            """);
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var start = new ProcessStartInfo("prometheus",
            [$"--config.file={config}", $"--storage.tsdb.path={Path.Combine(directory.FullName, "data")}",
             $"--web.listen-address={address.Authority}", "--log.level=warn"])
        {
            WorkingDirectory = directory.FullName,
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
            directory.Delete(recursive: true);
            throw new InvalidOperationException("prometheus could not be started: install Debian's prometheus package (test.sh does)", e);
        }

        var server = new PrometheusServer(process, ProcessOutput.Capture(process), directory, address);
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>The health ("up", "down", "unknown") of the one scrape target.</summary>
    public async Task<string> TargetHealthAsync()
    {
        var targets = (await GetDataAsync("/api/v1/targets")).GetProperty("activeTargets");
        return targets.GetArrayLength() == 1 ? targets[0].GetProperty("health").GetString()! : $"{targets.GetArrayLength()} targets";
    }

    /// <summary>The value of an instant query that yields one sample, or null when it yields none.</summary>
    public async Task<double?> QueryScalarAsync(string query)
    {
        var result = (await GetDataAsync($"/api/v1/query?query={Uri.EscapeDataString(query)}")).GetProperty("result");
        return result.GetArrayLength() == 0 ? null : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>Every alert pending or firing now.</summary>
    public async Task<IReadOnlyList<PrometheusAlert>> AlertsAsync()
    {
        var alerts = (await GetDataAsync("/api/v1/alerts")).GetProperty("alerts");
        return [.. alerts.EnumerateArray().Select(a => new PrometheusAlert(
            a.GetProperty("labels").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!),
            a.GetProperty("state").GetString()!))];
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _directory.Delete(recursive: true);
    }

    private async Task<JsonElement> GetDataAsync(string path)
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri(path, UriKind.Relative)));
        return document.RootElement.GetProperty("data").Clone();
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await Http.GetAsync(new Uri("/-/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        var why = _process.HasExited ? $"exited {_process.ExitCode}" : $"not ready after {StartTimeout.TotalSeconds:0} s";
        await DisposeAsync();
        throw new InvalidOperationException($"Prometheus {why}:\n{Output}");
    }
}
