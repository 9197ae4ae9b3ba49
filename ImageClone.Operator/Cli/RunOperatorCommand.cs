using ImageClone.Operator;
using k8s;

namespace ImageClone.Cli;

/// <summary>The main job: run the operator against the current kubeconfig context (in-cluster configuration in a pod).</summary>
internal static class RunOperatorCommand
{
    private static readonly TimeSpan ReachTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Checks every setting before the cluster is contacted: a wrong one is one line on stderr and exit 2.</summary>
    public static async Task<int> RunAsync(bool dryRun, CommandContext context, CancellationToken cancellationToken = default)
    {
        OperatorConfiguration configuration;
        KubernetesClientConfiguration kubeConfig;
        try
        {
            configuration = OperatorConfiguration.FromEnvironment(context.Environment, dryRun);
            kubeConfig = KubeconfigSource.Load(context.Environment);
        }
        catch (Exception e) when (e is ArgumentException or k8s.Exceptions.KubeConfigException or IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"imageclone: {e.Message}");
            return ExitCodes.UsageError;
        }

        if (configuration.ControllerNamespace.Length == 0)
        {
            configuration = configuration with { ControllerNamespace = kubeConfig.Namespace ?? "default" };
        }

        using var client = new Kubernetes(kubeConfig, ApiClientHandlers.Create(configuration.ApiClient, TimeProvider.System));
        if (await CannotReachAsync(client, kubeConfig.Host, context.Error, cancellationToken))
        {
            return ExitCodes.Failure;
        }

        await using var app = OperatorComposition.Build(configuration, client);
        await app.RunAsync(cancellationToken);
        return ExitCodes.Success;
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
