using ImageClone.Mirroring;
using ImageClone.Operator;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImageClone.Controllers;

public static class MirroringServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IImageMirror"/> and the collaborators of the workload controllers.
    /// Expects <see cref="IKubernetes"/>, <see cref="Registry.IImageCopier"/> and <see cref="Registry.IManifestReader"/> to be registered; pull
    /// secrets are read with <see cref="Registry.DockerConfigCredentials"/> unless another
    /// <see cref="IPullSecretCredentialsFactory"/> is. The controllers themselves are registered by the operator runtime
    /// (<c>AddKubernetesOperator().AddController&lt;DeploymentController, V1Deployment&gt;()</c>), and so is what fills the
    /// pod cache they read (<c>AddReadCache(…PodCacheApi…)</c>).
    /// </summary>
    public static IServiceCollection AddImageMirroring(this IServiceCollection services, MirrorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(new TargetNaming(options.Repository));
        services.AddSingleton(provider => new ImageCopyCoordinator(
            provider.GetRequiredService<Registry.IImageCopier>(), provider.GetRequiredService<TimeProvider>(), options.CopyMemoryDuration));
        services.AddSingleton<PullAccess>();
        services.AddSingleton<CopyRecheck>();
        services.AddSingleton<PrivacyGuard>();
        services.AddSingleton(provider => new TagDigests(
            provider.GetRequiredService<Registry.IManifestReader>(), provider.GetRequiredService<TimeProvider>(), options.CopyMemoryDuration));
        services.AddSingleton<PinChooser>();
        services.AddSingleton<IImageMirror, ImageMirror>();

        services.TryAddSingleton<IPullSecretCredentialsFactory, DockerConfigPullSecretCredentialsFactory>();
        services.AddSingleton<WorkloadEvents>();
        services.TryAddSingleton<ReadCache<V1Pod>>();
        services.AddSingleton<WorkloadPods>();
        services.AddSingleton<PullSecretWriter>();
        services.AddSingleton<RolloutFollower>();
        services.AddSingleton<PullSecretReader>();
        services.AddSingleton<NodePlatformReader>();
        services.AddSingleton<WorkloadSnapshotReader>();
        services.AddSingleton<IWorkloadApi<V1Deployment>, DeploymentWorkloadApi>();
        services.AddSingleton<IWorkloadApi<V1DaemonSet>, DaemonSetWorkloadApi>();
        services.AddSingleton<IWorkloadApi<V1StatefulSet>, StatefulSetWorkloadApi>();
        services.AddSingleton<StatefulSetForcedRollback>();
        services.AddSingleton<WorkloadReconciler<V1Deployment>>();
        services.AddSingleton<WorkloadReconciler<V1DaemonSet>>();
        services.AddSingleton<WorkloadReconciler<V1StatefulSet>>();
        return services;
    }
}
