using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImageClone.Operator;

public static class OperatorServiceCollectionExtensions
{
    /// <summary>
    /// Adds the operator runtime: one hosted service that elects a leader and, while leading, runs
    /// each controller added through the returned builder. Expects <see cref="IKubernetes"/> in DI.
    /// </summary>
    public static IOperatorBuilder AddKubernetesOperator(this IServiceCollection services, Action<OperatorSettings>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<OperatorSettings>().Configure(s => configure?.Invoke(s)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OperatorSettings>, OperatorSettingsValidator>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<OperatorSettings>>().Value);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OperatorState>();
        services.TryAddSingleton<LeadershipGate>();
        services.TryAddSingleton<OperatorMetrics>();
        services.TryAddSingleton<ControllerHost>();
        services.TryAddSingleton<ILock>(sp =>
        {
            var settings = sp.GetRequiredService<OperatorSettings>();
            return new LeaseLock(sp.GetRequiredService<IKubernetes>(), settings.Namespace, settings.LeaseName, LeaderIdentity.Current);
        });
        services.AddHostedService<LeaderElectionService>();
        return new OperatorBuilder(services);
    }
}
