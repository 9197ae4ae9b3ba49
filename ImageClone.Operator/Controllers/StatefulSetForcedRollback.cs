using System.Net;
using ImageClone.Mirroring;
using ImageClone.Registry;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ImageClone.Controllers;

/// <summary>
/// Unsticks a StatefulSet whose rewrite was reverted. With <c>podManagementPolicy: OrderedReady</c> (the default) its
/// controller waits for the pod that could not run the copy to become Running and Ready before it replaces it — which it
/// never does — and an <c>OnDelete</c> one never replaces it at all: the "forced rollback" the Kubernetes documentation
/// leaves to a person. Once the controller has observed the revert, each of its pods that is not Running and Ready, is of
/// another revision than the update revision and has a container on a copy of ours that the template no longer names is
/// deleted, with its uid and resourceVersion as preconditions (a pod that changed meanwhile is left), and the controller
/// recreates it from the reverted template. Only StatefulSets the operator reverted (<see cref="ImageMirror.RewriteFailedAnnotation"/>)
/// whose rollout is not healthy are looked at, so a settled one costs no API call.
/// </summary>
internal sealed partial class StatefulSetForcedRollback(
    IKubernetes client, WorkloadPods pods, TargetNaming naming, WorkloadEvents events, MirrorOptions options, ILogger<StatefulSetForcedRollback> logger)
{
    private const string RevisionLabel = "controller-revision-hash";

    /// <summary>Null when there is nothing to unstick; else when to look again (the reverted rollout is still not healthy).</summary>
    public async Task<TimeSpan?> UnstickAsync(V1StatefulSet set, Workload workload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(workload);
        if (options.DryRun || workload.Rollout.IsHealthy || workload.Metadata.Annotations?.ContainsKey(ImageMirror.RewriteFailedAnnotation) != true)
        {
            return null;
        }

        if (set.Status?.ObservedGeneration < set.Metadata.Generation || set.Status?.UpdateRevision is null
            || workload.Selector is null)
        {
            return options.RolloutCheckInterval;
        }

        foreach (var (pod, copy) in (await pods.OfAsync(workload, cancellationToken)).Select(pod => (pod, copy: StuckOnCopy(pod, set, IsCopy))).Where(p => p.copy is not null))
        {
            await DeleteAsync(workload, pod, copy!, cancellationToken);
        }

        return options.RolloutCheckInterval;
    }

    /// <summary>
    /// The copy a pod of the StatefulSet is stuck on, when it is one to delete: not being deleted, not Running and Ready,
    /// of another revision than the update revision, with a container on a copy (<paramref name="isCopy"/>) that the
    /// template no longer names; else null.
    /// </summary>
    public static string? StuckOnCopy(V1Pod pod, V1StatefulSet set, Func<string?, bool> isCopy)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(isCopy);
        if (set.Status?.UpdateRevision is not { } updateRevision || pod.Metadata.DeletionTimestamp is not null || RunningAndReady(pod)
            || pod.Metadata.OwnerReferences?.Any(o => o.Uid == set.Metadata.Uid) != true
            || pod.Metadata.Labels is not { } labels || !labels.TryGetValue(RevisionLabel, out var revision) || revision == updateRevision)
        {
            return null;
        }

        var template = set.Spec.Template.Spec;
        return (pod.Spec.InitContainers ?? []).Select(c => (c, templated: template.InitContainers?.FirstOrDefault(t => t.Name == c.Name)))
            .Concat(pod.Spec.Containers.Select(c => (c, templated: template.Containers.FirstOrDefault(t => t.Name == c.Name))))
            .Where(p => p.c.Image != p.templated?.Image && isCopy(p.c.Image))
            .Select(p => p.c.Image)
            .FirstOrDefault();
    }

    private bool IsCopy(string? image) => ImageReference.TryParse(image ?? "", out var reference) && naming.IsMirrored(reference);

    private static bool RunningAndReady(V1Pod pod) =>
        pod.Status?.Phase == "Running" && pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private async Task DeleteAsync(Workload workload, V1Pod pod, string copy, CancellationToken cancellationToken)
    {
        var preconditions = new V1Preconditions { Uid = pod.Metadata.Uid, ResourceVersion = pod.Metadata.ResourceVersion };
        try
        {
            await client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, workload.Namespace, new V1DeleteOptions { Preconditions = preconditions }, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            return;
        }

        LogDeleted(pod.Metadata.Name, copy);
        await events.NormalAsync(workload, WorkloadEventReasons.StuckPodDeleted,
            $"Deleted pod {pod.Metadata.Name}: it could not run the reverted copy {copy}, and the StatefulSet would wait for it forever; its controller recreates it from the original template",
            cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted pod {Pod}, stuck on the reverted copy {Copy}, so the StatefulSet can roll back")]
    private partial void LogDeleted(string pod, string copy);
}
