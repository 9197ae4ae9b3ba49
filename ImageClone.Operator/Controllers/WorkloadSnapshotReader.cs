using ImageClone.Mirroring;

namespace ImageClone.Controllers;

/// <summary>Builds the <see cref="WorkloadSnapshot"/> that <see cref="IImageMirror"/> decides on.</summary>
internal sealed class WorkloadSnapshotReader(WorkloadPods pods, PullSecretReader pullSecrets, NodePlatformReader nodes)
{
    /// <summary>The snapshot from the object alone: no running image IDs, no credentials, no API calls.</summary>
    public static WorkloadSnapshot Describe(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var spec = workload.Template.Spec;
        var images = (spec.InitContainers ?? []).Select(c => new ContainerImage(c.Name, IsInit: true, c.Image ?? ""))
            .Concat((spec.Containers ?? []).Select(c => new ContainerImage(c.Name, IsInit: false, c.Image ?? "")))
            .ToList();
        return new WorkloadSnapshot(
            workload.Kind,
            workload.Namespace,
            workload.Name,
            workload.Metadata.Annotations?.AsReadOnly() ?? new Dictionary<string, string>().AsReadOnly(),
            images,
            workload.Rollout,
            new Dictionary<string, IReadOnlyList<RunningImageId>>(),
            PullCredentials: null);
    }

    /// <summary>The full snapshot: adds the image IDs the running pods report, the pull secrets' credentials, and where the pods can run.</summary>
    public async Task<WorkloadSnapshot> ReadAsync(Workload workload, CancellationToken cancellationToken)
    {
        var snapshot = Describe(workload);
        var runningImageIds = await ReadRunningImageIdsAsync(workload, cancellationToken);
        var credentials = await pullSecrets.ReadAsync(workload, cancellationToken);
        return snapshot with
        {
            RunningImageIds = runningImageIds,
            PullCredentials = credentials,
            NodePlatforms = cancellation => nodes.ForAsync(workload.Template.Spec, cancellation),
        };
    }

    private async Task<IReadOnlyDictionary<string, IReadOnlyList<RunningImageId>>> ReadRunningImageIdsAsync(Workload workload, CancellationToken cancellationToken) =>
        RunningImageIds.Reported(await pods.OfAsync(workload, cancellationToken), workload.Template);
}
