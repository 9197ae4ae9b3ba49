using ImageClone.Cli;
using ImageClone.Operator;
using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImageClone.Tests.EndToEnd;

/// <summary>
/// One operator replica, in-process, composed exactly as production does (<see cref="OperatorComposition.Build"/>
/// from environment variables), talking to the real apiserver through the test's API proxy as the operator's
/// service account, which the committed ClusterRole binds.
/// Only delays are shortened (mirror backoffs, registry retries, lease times), the lease identity is made unique
/// per replica (in production it is unique per process), and every log call is captured.
/// </summary>
internal sealed class OperatorHarness : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Kubernetes _client;
    private readonly CapturingLoggerProvider _logs;
    private readonly int _consoleMark;
    private bool _stopped;

    private OperatorHarness(WebApplication app, Kubernetes client, CapturingLoggerProvider logs, int consoleMark, string user, string identity)
    {
        _app = app;
        _client = client;
        _logs = logs;
        _consoleMark = consoleMark;
        User = user;
        Identity = identity;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    /// <summary>The name the API proxy records every request of this replica under (it authenticates as the operator's service account).</summary>
    public string User { get; }

    /// <summary>This replica's holder identity in the leader Lease.</summary>
    public string Identity { get; }

    /// <summary>Where /healthz, /readyz and /metrics are served (HTTP_URLS http://127.0.0.1:0, the port bound).</summary>
    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public OperatorState State => _app.Services.GetRequiredService<OperatorState>();

    /// <summary>Every log call so far, all levels, with scopes, fields and exceptions.</summary>
    public IReadOnlyList<CapturedLog> Logs => _logs.Entries;

    /// <summary>Standard output written since this replica started (its console log lines; another replica's too if run at once).</summary>
    public IReadOnlyList<string> ConsoleLines => ConsoleCapture.LinesSince(_consoleMark);

    public static async Task<OperatorHarness> StartAsync(EndToEndCluster cluster, OperatorHarnessOptions? options = null)
    {
        options ??= new OperatorHarnessOptions();
        var configuration = Configuration(cluster, options);
        var identity = $"{options.User}-{Guid.NewGuid().ToString("N")[..8]}";
        var logs = new CapturingLoggerProvider();
        var client = cluster.Kube.CreateOperatorClient(options.User, ApiClientHandlers.Create(configuration.ApiClient, TimeProvider.System));

        ConsoleCapture.Install();
        var consoleMark = ConsoleCapture.Mark();
        var app = OperatorComposition.Build(configuration, client, services => Tune(services, configuration, options, identity, logs));
        await app.StartAsync();
        return new OperatorHarness(app, client, logs, consoleMark, options.User, identity);
    }

    public async Task<string> MetricsAsync() => await Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

    /// <summary>Stops the replica as a pod shutdown would (graceful host stop); idempotent.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _app.StopAsync();
        await _app.DisposeAsync();
        Http.Dispose();
        _client.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static OperatorConfiguration Configuration(EndToEndCluster cluster, OperatorHarnessOptions options)
    {
        var registries = cluster.Registries;
        var environment = new Dictionary<string, string>
        {
            ["REPOSITORY"] = registries.Repository,
            ["INSECURE_REGISTRIES"] = registries.InsecureRegistries,
            ["REGISTRY_USERNAME"] = EndToEndRegistries.TargetUser,
            ["REGISTRY_PASSWORD"] = registries.TargetPassword,
            ["CONTROLLER_NAMESPACE"] = cluster.ControllerNamespace,
            ["HTTP_URLS"] = "http://127.0.0.1:0",
        };
        foreach (var (name, value) in options.Environment)
        {
            environment[name] = value;
        }

        var configuration = OperatorConfiguration.FromEnvironment(name => environment.GetValueOrDefault(name));
        return configuration with
        {
            Registry = configuration.Registry with
            {
                RequestRetries = 2,
                RetryBaseDelay = TimeSpan.FromMilliseconds(50),
                RetryMaxDelay = TimeSpan.FromMilliseconds(200),
                GiveUpAfter = TimeSpan.FromSeconds(10),
                RequestTimeout = TimeSpan.FromSeconds(10),
                StallTimeout = TimeSpan.FromSeconds(10),
            },
        };
    }

    private static void Tune(IServiceCollection services, OperatorConfiguration configuration, OperatorHarnessOptions options, string identity, CapturingLoggerProvider logs)
    {
        services.AddSingleton(configuration.MirrorOptions with
        {
            RolloutCheckInterval = options.RolloutCheckInterval,
            DaemonSetRolloutTimeout = options.DaemonSetRolloutTimeout,
            StatefulSetPodRolloutTimeout = options.StatefulSetPodRolloutTimeout,
            RecheckInterval = options.RecheckInterval,
        });
        services.Configure<OperatorSettings>(settings =>
        {
            settings.LeaseDuration = options.LeaseDuration;
            settings.RenewDeadline = options.RenewDeadline;
            settings.RetryPeriod = options.RetryPeriod;
            settings.WatchTimeout = options.WatchTimeout;
            settings.ListPageSize = options.ListPageSize;
            settings.FailureBackoffBase = TimeSpan.FromMilliseconds(100);
            settings.FailureBackoffCap = TimeSpan.FromSeconds(1);
        });
        services.AddSingleton<ILock>(provider =>
        {
            var settings = provider.GetRequiredService<OperatorSettings>();
            return new LeaseLock(provider.GetRequiredService<IKubernetes>(), settings.Namespace, settings.LeaseName, identity);
        });
        services.AddSingleton<ILoggerProvider>(logs);
        services.Configure<LoggerFilterOptions>(filters => filters.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace));
    }
}
