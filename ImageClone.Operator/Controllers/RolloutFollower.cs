using System.Collections.Concurrent;
using System.Globalization;
using ImageClone.Mirroring;
using k8s.Models;

namespace ImageClone.Controllers;

/// <summary>
/// Follows the rollout a rewrite started (the workload's <see cref="OriginalImages.RewrittenAnnotationName"/> names what
/// was written) until it finishes, and says when it failed on the rewrite: a pod of the new template cannot pull or
/// start a rewritten image, a Deployment passed its progress deadline, a DaemonSet did not finish within
/// <see cref="MirrorOptions.DaemonSetRolloutTimeout"/> or a StatefulSet within <see cref="MirrorOptions.StatefulSetPodRolloutTimeout"/>
/// per ordinal it updates (not an OnDelete one: it has no end; its new pods, made as old ones are deleted, are judged
/// when they come and its availability drops). A finished rollout costs no API call. The time limit is the rewrite's
/// rollout's only: once this process has seen it finish, a later unhealthy spell (a scale-up, a new node) is not held
/// to it — though a new pod that cannot start the copy still reverts the rewrite.
/// </summary>
internal sealed class RolloutFollower(WorkloadPods pods, MirrorOptions options, TimeProvider time)
{
    private static readonly HashSet<string> FailingStates = new(StringComparer.Ordinal)
    {
        "ErrImagePull", "ImagePullBackOff", "CreateContainerError", "CreateContainerConfigError", "InvalidImageName", "ErrImageNeverPull",
    };

    /// <summary>The rewrites (workload uid and rewrite time) whose rollout this process has seen finish.</summary>
    private readonly ConcurrentDictionary<string, byte> _finished = new(StringComparer.Ordinal);

    public async Task<RolloutVerdict> JudgeAsync(Workload workload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var annotations = workload.Metadata.Annotations?.AsReadOnly() ?? new Dictionary<string, string>().AsReadOnly();
        var written = OriginalImages.FromAnnotations(annotations, OriginalImages.RewrittenAnnotationName);
        if ((written.Containers.Count == 0 && written.InitContainers.Count == 0) || !StillAsWritten(workload, written))
        {
            return RolloutVerdict.Done;
        }

        var rewrite = $"{workload.Metadata.Uid}|{annotations.GetValueOrDefault(WorkloadWriter.RewrittenAtAnnotation)}";
        if (workload.Rollout.IsHealthy)
        {
            _finished.TryAdd(rewrite, 0);
            return RolloutVerdict.Done;
        }

        if (workload.Rollout.Failed)
        {
            return new RolloutVerdict.Failed(workload.Rollout.Reason ?? "the rollout failed");
        }

        if (await FailingPodAsync(workload, written, cancellationToken) is { } failing)
        {
            return new RolloutVerdict.Failed(failing);
        }

        return TimeLimit(workload) is { } limit && !_finished.ContainsKey(rewrite) && RewrittenAt(annotations) is { } at && time.GetUtcNow() - at > limit
            ? new RolloutVerdict.Failed($"the rollout did not finish within {limit} of the rewrite ({workload.Rollout.Reason})")
            : RolloutVerdict.Rolling;
    }

    /// <summary>How long the rollout may take, for the kinds without a deadline of their own; none for an OnDelete rollout (it has no end).</summary>
    private TimeSpan? TimeLimit(Workload workload) => workload switch
    {
        { Rollout.FinishesByItself: false } => null,
        { Kind: WorkloadKind.DaemonSet } => options.DaemonSetRolloutTimeout,
        { Kind: WorkloadKind.StatefulSet } => options.StatefulSetPodRolloutTimeout * workload.Rollout.PodsInSequence,
        _ => null,
    };

    /// <summary>Whether every container the operator rewrote still has the image it wrote (else someone changed it: not ours to judge).</summary>
    public static bool StillAsWritten(Workload workload, OriginalImages written)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(written);
        var spec = workload.Template.Spec;
        return written.Containers.All(w => spec.Containers.Any(c => c.Name == w.Key && c.Image == w.Value))
            && written.InitContainers.All(w => (spec.InitContainers ?? []).Any(c => c.Name == w.Key && c.Image == w.Value));
    }

    private async Task<string?> FailingPodAsync(Workload workload, OriginalImages written, CancellationToken cancellationToken)
    {
        foreach (var pod in (await pods.OfAsync(workload, cancellationToken)).Where(p => p.Metadata.DeletionTimestamp is null))
        {
            var statuses = (pod.Status?.InitContainerStatuses ?? []).Select(s => (s, isInit: true)).Concat((pod.Status?.ContainerStatuses ?? []).Select(s => (s, isInit: false)));
            foreach (var (status, isInit) in statuses)
            {
                if (written.For(status.Name, isInit) is { } image && Image(pod, status.Name, isInit) == image
                    && status.State?.Waiting is { Reason: { } reason } waiting && FailingStates.Contains(reason))
                {
                    return $"pod {pod.Metadata.Name} cannot start {image} in container {status.Name}: {reason}: {waiting.Message}";
                }
            }
        }

        return null;
    }

    private static string? Image(V1Pod pod, string container, bool isInit) =>
        ((isInit ? pod.Spec.InitContainers : pod.Spec.Containers) ?? []).FirstOrDefault(c => c.Name == container)?.Image;

    private static DateTimeOffset? RewrittenAt(System.Collections.ObjectModel.ReadOnlyDictionary<string, string> annotations) =>
        annotations.TryGetValue(WorkloadWriter.RewrittenAtAnnotation, out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;
}
