using ImageClone.Operator;
using k8s;

namespace ImageClone.Cli;

/// <summary>The main job: run the operator against the current kubeconfig context (in-cluster configuration in a pod).</summary>
internal static class RunOperatorCommand
{
    private static readonly TimeSpan ReachTimeout = TimeSpan.FromSeconds(15);

    public static async Task<int> RunAsync(string[] args, TextWriter error, CancellationToken cancellationToken = default)
    {
        var dryRun = args is ["--dry-run"];
        if (args.Length > 0 && !dryRun)
        {
            await error.WriteLineAsync("usage: ImageClone.Operator [--dry-run] | mirror [--repository R] IMAGE... | generate rbac [--output PATH]");
            return 2;
        }

        OperatorConfiguration configuration;
        KubernetesClientConfiguration kubeConfig;
        try
        {
            configuration = OperatorConfiguration.FromEnvironment(Environment.GetEnvironmentVariable, dryRun);
            kubeConfig = KubernetesClientConfiguration.BuildDefaultConfig();
        }
        catch (Exception e) when (e is ArgumentException or k8s.Exceptions.KubeConfigException or IOException)
        {
            await error.WriteLineAsync($"imageclone: {e.Message}");
            return 2;
        }

        if (configuration.ControllerNamespace.Length == 0)
        {
            configuration = configuration with { ControllerNamespace = kubeConfig.Namespace ?? "default" };
        }

        using var client = new Kubernetes(kubeConfig, ApiClientHandlers.Create(configuration.ApiClient, TimeProvider.System));
        if (await CannotReachAsync(client, kubeConfig.Host, error, cancellationToken))
        {
            return 1;
        }

        await using var app = OperatorComposition.Build(configuration, client);
        await app.RunAsync(cancellationToken);
        return 0;
    }

    private static async Task<bool> CannotReachAsync(Kubernetes client, string host, TextWriter error, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReachTimeout);
        try
        {
            await client.Version.GetCodeAsync(timeout.Token);
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or k8s.Autorest.HttpOperationException)
        {
            var reason = e is OperationCanceledException ? $"no answer within {ReachTimeout.TotalSeconds:0} s" : e.Message;
            await error.WriteLineAsync($"imageclone: cannot reach the Kubernetes API server at {host}: {reason}");
            return true;
        }
    }
}
