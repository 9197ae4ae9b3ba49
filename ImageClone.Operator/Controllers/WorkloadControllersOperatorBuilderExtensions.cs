using ImageClone.Mirroring;
using ImageClone.Operator;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImageClone.Controllers;

public static class WorkloadControllersOperatorBuilderExtensions
{
    /// <summary>
    /// Adds the Deployment, DaemonSet and StatefulSet controllers (the one list, used both to run them and to generate
    /// their RBAC role) and their collaborators. Expects <see cref="IKubernetes"/> and
    /// <see cref="MirroringServiceCollectionExtensions.AddImageMirroring"/>; pull secrets are read with
    /// <see cref="Registry.DockerConfigCredentials"/> unless another <see cref="IPullSecretCredentialsFactory"/> is registered.
    /// The controllers read pods from a <see cref="ReadCache{TEntity}"/> filled through <see cref="PodCacheApi"/> while leading.
    /// </summary>
    public static IOperatorBuilder AddWorkloadControllers(this IOperatorBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPullSecretCredentialsFactory, DockerConfigPullSecretCredentialsFactory>();
        services.TryAddSingleton<WorkloadEvents>();
        services.TryAddSingleton<WorkloadPods>();
        services.TryAddSingleton<PullSecretWriter>();
        services.TryAddSingleton<RolloutFollower>();
        services.TryAddSingleton<PullSecretReader>();
        services.TryAddSingleton<NodePlatformReader>();
        services.TryAddSingleton<WorkloadSnapshotReader>();
        services.TryAddSingleton<IWorkloadApi<V1Deployment>, DeploymentWorkloadApi>();
        services.TryAddSingleton<IWorkloadApi<V1DaemonSet>, DaemonSetWorkloadApi>();
        services.TryAddSingleton<IWorkloadApi<V1StatefulSet>, StatefulSetWorkloadApi>();
        services.TryAddSingleton<StatefulSetForcedRollback>();
        services.TryAddSingleton<WorkloadReconciler<V1Deployment>>();
        services.TryAddSingleton<WorkloadReconciler<V1DaemonSet>>();
        services.TryAddSingleton<WorkloadReconciler<V1StatefulSet>>();
        return builder
            .AddController<DeploymentController, V1Deployment>()
            .AddController<DaemonSetController, V1DaemonSet>()
            .AddController<StatefulSetController, V1StatefulSet>()
            .AddReadCache(provider => PodCacheApi.For(
                provider.GetRequiredService<IKubernetes>(), provider.GetRequiredService<MirrorOptions>(), provider.GetRequiredService<OperatorSettings>()));
    }
}
