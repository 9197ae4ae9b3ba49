using System.Net;
using ImageClone.Mirroring;
using ImageClone.Operator;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ImageClone.Controllers;

/// <summary>
/// The reconcile shared by the workload controllers: describe, ask <see cref="IImageMirror"/>, then
/// apply its rewrite or requeue, and tell the workload's events what happened. A rewritten workload's rollout is
/// followed (<see cref="RolloutFollower"/>) until it finishes, and the rewrite reverted if it fails.
/// </summary>
internal sealed partial class WorkloadReconciler<TEntity>(
    IWorkloadApi<TEntity> api,
    IImageMirror mirror,
    WorkloadSnapshotReader reader,
    WorkloadEvents events,
    PullSecretWriter pullSecrets,
    RolloutFollower follower,
    TimeProvider time,
    MirrorOptions options,
    ILogger<WorkloadReconciler<TEntity>> logger)
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Writes refused with 409 Conflict are retried from a fresh read this many times in all.</summary>
    public const int MaxWriteAttempts = 3;

    // Message-template scopes: text logs print "Workload Deployment/ns/name", JSON logs get a Workload field.
    private static readonly Func<ILogger, string, IDisposable?> WorkloadScope = LoggerMessage.DefineScope<string>("Workload {Workload}");
    private static readonly Func<ILogger, string, IDisposable?> ImageScope = LoggerMessage.DefineScope<string>("Image {Image}");

    public async Task<ReconciliationResult<TEntity>> ReconcileAsync(TEntity entity, CancellationToken cancellationToken)
    {
        // Copies this reconcile transferred and has not told yet: a rewrite's event names them, else each gets its own.
        var untold = new List<CopiedImage>();
        for (var attempt = 1; ; attempt++)
        {
            var workload = api.Describe(entity);
            using var scope = WorkloadScope(logger, workload.Key);
            var decision = mirror.Screen(WorkloadSnapshotReader.Describe(workload))
                ?? await mirror.DecideAsync(await reader.ReadAsync(workload, cancellationToken), cancellationToken);
            if (decision is not MirrorRewrite rewrite || options.DryRun)
            {
                return await ReportAsync(entity, workload, decision, untold, cancellationToken);
            }

            untold.AddRange(rewrite.Copied.Where(copy => copy.Transferred));
            if (rewrite.PullSecret is { } grant && await pullSecrets.EnsureAsync(workload.Namespace, grant, cancellationToken) is { } problem)
            {
                await ReportCopiesAsync(workload, untold, cancellationToken);
                return await PullAccessMissingAsync(entity, workload, [problem], cancellationToken);
            }

            try
            {
                var written = await WorkloadWriter.ApplyAsync(api, workload, rewrite, time.GetUtcNow(), cancellationToken);
                await RecordRewriteAsync(workload, rewrite, untold, cancellationToken);
                return ReconciliationResult<TEntity>.Success(written, options.RolloutCheckInterval);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                LogConflict(attempt, MaxWriteAttempts);
                if (attempt >= MaxWriteAttempts)
                {
                    await ReportCopiesAsync(workload, untold, cancellationToken);
                    return ReconciliationResult<TEntity>.Failure(
                        entity, $"{workload.Key} changed during each of {MaxWriteAttempts} rewrite attempts (409 Conflict)", e);
                }

                if (await RereadAsync(workload, cancellationToken) is not { } fresh)
                {
                    return ReconciliationResult<TEntity>.Success(entity);
                }

                entity = fresh;
            }
            catch (HttpOperationException e)
            {
                await ReportCopiesAsync(workload, untold, cancellationToken);
                return ReconciliationResult<TEntity>.Failure(
                    entity, $"{workload.Key}: the API server refused the rewrite with HTTP {(int)e.Response.StatusCode} {e.Response.StatusCode}", e);
            }
        }
    }

    /// <summary>The workload as it is now; null when it was deleted meanwhile.</summary>
    private async Task<TEntity?> RereadAsync(Workload workload, CancellationToken cancellationToken)
    {
        try
        {
            return await api.ReadAsync(workload.Namespace, workload.Name, cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return default;
        }
    }

    /// <summary>
    /// The workload's metadata with its managedFields, which the cache does not keep: read from the API server when a
    /// set-back is reported. Null when it cannot be read; the event then names no manager.
    /// </summary>
    private async Task<V1ObjectMeta?> WithManagedFieldsAsync(Workload workload, CancellationToken cancellationToken)
    {
        try
        {
            return (await api.ReadAsync(workload.Namespace, workload.Name, cancellationToken)).Metadata;
        }
        catch (HttpOperationException e)
        {
            LogManagersUnread((int)e.Response.StatusCode);
            return null;
        }
    }

    private async Task<ReconciliationResult<TEntity>> ReportAsync(
        TEntity entity, Workload workload, MirrorDecision decision, IReadOnlyList<CopiedImage> untold, CancellationToken cancellationToken)
    {
        await ReportCopiesAsync(workload, [.. untold, .. CopiesOf(decision).Where(copy => copy.Transferred)], cancellationToken);

        switch (decision)
        {
            case MirrorSkipped skipped:
                LogSkipped(skipped.Reason);
                return ReconciliationResult<TEntity>.Success(entity);
            case MirrorSetBack setBack:
                await ReportSetBackAsync(workload, setBack, cancellationToken);
                return ReconciliationResult<TEntity>.Success(entity);
            case MirrorUpToDate:
                await RefreshPullSecretAsync(workload, cancellationToken);
                return await FollowRolloutAsync(entity, workload, cancellationToken);
            case MirrorPullAccessMissing missing:
                return await PullAccessMissingAsync(entity, workload, missing.Problems, cancellationToken);
            case MirrorWaitingForRollout wait:
                LogWaiting(wait.Reason, options.RolloutCheckInterval);
                await events.NormalAsync(workload, WorkloadEventReasons.WaitingForRollout,
                    $"Images are mirrored; waiting for the rollout before rewriting: {wait.Reason}", cancellationToken);
                return ReconciliationResult<TEntity>.Success(entity, options.RolloutCheckInterval);
            case MirrorCopyFailed failed:
                await ReportFailuresAsync(workload, failed.Failures, cancellationToken);
                return ReconciliationResult<TEntity>.Failure(
                    entity, $"{workload.Key}: {failed.Failures.Count} image(s) not mirrored: {failed.Summary}");
            case MirrorRewrite wouldRewrite:
                var changes = Describe(wouldRewrite);
                LogWouldRewrite(changes);
                await events.NormalAsync(workload, WorkloadEventReasons.WouldRewrite, $"Dry run: would rewrite {changes}", cancellationToken);
                return ReconciliationResult<TEntity>.Success(entity);
            default:
                return ReconciliationResult<TEntity>.Success(entity);
        }
    }

    /// <summary>
    /// A converged workload the operator rewrote: its copies are checked to be still in the mirror now, and again about
    /// every <see cref="MirrorOptions.RecheckInterval"/> (jittered, so a fleet's checks spread out).
    /// </summary>
    private async Task<ReconciliationResult<TEntity>> RecheckCopiesAsync(TEntity entity, Workload workload, CancellationToken cancellationToken)
    {
        if (workload.Metadata.Annotations?.ContainsKey(OriginalImages.AnnotationName) != true)
        {
            return ReconciliationResult<TEntity>.Success(entity);
        }

        var snapshot = WorkloadSnapshotReader.Describe(workload);
        var findings = await mirror.RecheckAsync(snapshot, async () => (await reader.ReadAsync(workload, cancellationToken)).PullCredentials, cancellationToken);
        foreach (var finding in findings)
        {
            if (finding.Problem is null)
            {
                LogCopyRestored(finding.Copy, finding.Source);
                await events.NormalAsync(workload, WorkloadEventReasons.CopyRestored,
                    $"The copy {finding.Copy} of container {finding.ContainerName} was missing from the mirror; copied it again from {finding.Source}", cancellationToken);
            }
            else
            {
                LogCopyMissing(finding.Copy, finding.Problem);
                await events.WarningAsync(workload, WorkloadEventReasons.CopyMissing,
                    $"The copy {finding.Copy} of container {finding.ContainerName} is missing from the mirror and could not be copied again from {finding.Source}: {finding.Problem}. "
                    + "Its pods run until they restart on a node without the image; restore the copy or point the workload at an image that exists",
                    cancellationToken);
            }
        }

        var next = options.RecheckInterval * (0.9 + (Random.Shared.NextDouble() * 0.2));
        LogRechecked(findings.Count, next);
        return ReconciliationResult<TEntity>.Success(entity, next);
    }

    /// <summary>Something set the originals back (GitOps, kubectl apply): a Warning naming who, and the ways out; no rewrite, no fight.</summary>
    private async Task ReportSetBackAsync(Workload workload, MirrorSetBack setBack, CancellationToken cancellationToken)
    {
        var current = await WithManagedFieldsAsync(workload, cancellationToken);
        foreach (var container in setBack.Containers)
        {
            var manager = current is null ? null : FieldManagers.LastToSetImage(current, container.ContainerName, container.IsInit);
            var who = manager is null ? "by another client" : $"by {manager}{(FieldManagers.ToolOf(manager) is { } tool ? $" ({tool})" : "")}";
            LogSetBack(container.ContainerName, container.From, who);
            await events.WarningAsync(workload, WorkloadEventReasons.ImageSetBack,
                $"{(container.IsInit ? "Init container" : "Container")} {container.ContainerName} runs its original image {container.From} again, set back {who}; "
                + $"the operator had pointed it at {container.To} and will not rewrite it again. To run the mirror's copy, put {container.To} in the source of truth (Git, the chart, the manifest); "
                + $"to leave the workload to its source, annotate it {ImageMirror.SkipAnnotation}=true; to let the operator rewrite it again, remove the annotation {OriginalImages.RewrittenAnnotationName}",
                cancellationToken);
        }
    }

    /// <summary>The rollout of a rewrite: finished (nothing to do), still going (look again), or failed (revert).</summary>
    private async Task<ReconciliationResult<TEntity>> FollowRolloutAsync(TEntity entity, Workload workload, CancellationToken cancellationToken)
    {
        switch (await follower.JudgeAsync(workload, cancellationToken))
        {
            case RolloutVerdict.InProgress:
                LogFollowing(workload.Rollout.Reason ?? "not complete", options.RolloutCheckInterval);
                return ReconciliationResult<TEntity>.Success(entity, options.RolloutCheckInterval);
            case RolloutVerdict.Failed failed when !options.DryRun:
                try
                {
                    var reverted = await WorkloadReverter.ApplyAsync(api, workload, failed.Reason, time.GetUtcNow(), cancellationToken);
                    MirrorMetrics.RewritesReverted.WithLabels(workload.Kind.ToString()).Inc();
                    LogReverted(failed.Reason);
                    await events.WarningAsync(workload, WorkloadEventReasons.RewriteReverted,
                        $"Reverted to the original images: the rollout of the rewrite failed: {failed.Reason}. Remove the annotation {ImageMirror.RewriteFailedAnnotation} to let the operator try again",
                        cancellationToken);
                    return ReconciliationResult<TEntity>.Success(reverted);
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
                {
                    // Changed since it was read: judged again on the fresh object, never reverted over someone's change.
                    return ReconciliationResult<TEntity>.Failure(entity, $"{workload.Key} changed while reverting its failed rewrite (409 Conflict)", e);
                }
            default:
                return await RecheckCopiesAsync(entity, workload, cancellationToken);
        }
    }

    /// <summary>Nothing is rewritten that its pods could not pull: a Warning saying why, and a retry with backoff.</summary>
    private async Task<ReconciliationResult<TEntity>> PullAccessMissingAsync(
        TEntity entity, Workload workload, IReadOnlyList<string> problems, CancellationToken cancellationToken)
    {
        var why = string.Join("; ", problems);
        LogPullAccessMissing(why);
        await events.WarningAsync(workload, WorkloadEventReasons.PullAccessMissing,
            $"Not rewritten: its pods could not pull the mirror's copies: {why}", cancellationToken);
        return ReconciliationResult<TEntity>.Failure(entity, $"{workload.Key}: pods could not pull the mirror's copies: {why}");
    }

    /// <summary>A rewritten workload that holds the operator's pull secret keeps it current (the pull credential may have changed).</summary>
    private async Task RefreshPullSecretAsync(Workload workload, CancellationToken cancellationToken)
    {
        if (options.PullCredential is { } credential
            && workload.Metadata.Annotations?.TryGetValue(WorkloadWriter.AddedPullSecretAnnotation, out var name) == true
            && WorkloadWriter.Lists(workload, name))
        {
            await pullSecrets.EnsureAsync(workload.Namespace, new PullSecretGrant(name, options.Repository.Registry, credential), cancellationToken);
        }
    }

    private static IReadOnlyList<CopiedImage> CopiesOf(MirrorDecision decision) => decision switch
    {
        MirrorWaitingForRollout wait => wait.Copied,
        MirrorPullAccessMissing missing => missing.Copied,
        MirrorCopyFailed failed => failed.Copied,
        MirrorRewrite rewrite => rewrite.Copied,
        _ => [],
    };

    /// <summary>An ImageCopied event for each copy transferred (those a rewrite's own event does not name).</summary>
    private async Task ReportCopiesAsync(Workload workload, IReadOnlyList<CopiedImage> transferred, CancellationToken cancellationToken)
    {
        foreach (var copy in transferred)
        {
            await events.NormalAsync(workload, WorkloadEventReasons.ImageCopied,
                $"Copied {copy.Source} to {copy.PinnedTarget} for container {copy.ContainerName}", cancellationToken);
        }
    }

    private async Task ReportFailuresAsync(Workload workload, IReadOnlyList<ImageFailure> failures, CancellationToken cancellationToken)
    {
        foreach (var failure in failures)
        {
            using var scope = ImageScope(logger, failure.Image);
            LogCopyFailed(failure.ContainerName, failure.Cause);
            var reason = failure.IsInvalidReference ? WorkloadEventReasons.InvalidImage : WorkloadEventReasons.CopyFailed;
            await events.WarningAsync(workload, reason, $"Image {failure.Image} of container {failure.ContainerName} was not mirrored: {failure.Cause}", cancellationToken);
        }
    }

    /// <summary>One event for the rewrite and the copies it needed, not one more for each copy.</summary>
    private async Task RecordRewriteAsync(Workload workload, MirrorRewrite rewrite, List<CopiedImage> transferred, CancellationToken cancellationToken)
    {
        MirrorMetrics.WorkloadsRewritten.WithLabels(workload.Kind.ToString()).Inc();
        var changes = Describe(rewrite);
        LogRewritten(changes);
        var copies = transferred.Count == 0
            ? ""
            : "; copied first: " + string.Join(", ", transferred.Select(c => $"{c.Source} to {c.PinnedTarget} for container {c.ContainerName}"));
        await events.NormalAsync(workload, WorkloadEventReasons.WorkloadRewritten, $"Rewrote {changes}{copies}", cancellationToken);
    }

    private static string Describe(MirrorRewrite rewrite) =>
        string.Join(", ", rewrite.Rewrites.Select(r => $"{(r.IsInit ? "init container" : "container")} {r.ContainerName}: {r.From} -> {r.To}"
            + (r.PinNote is { } note ? $" ({note})" : "")))
        + (rewrite.PullSecret is { } grant ? $", with {grant}" : "");

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read who set its images back (HTTP {Status})")]
    private partial void LogManagersUnread(int status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipped: {Reason}")]
    private partial void LogSkipped(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for the rollout ({Reason}); next look in {RequeueAfter}")]
    private partial void LogWaiting(string reason, TimeSpan requeueAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Container {Container} not mirrored: {Cause}")]
    private partial void LogCopyFailed(string container, string cause);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Container {Container} runs its original image {Image} again, set back {Who}: not rewritten again")]
    private partial void LogSetBack(string container, string image, string who);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Following the rollout of its rewrite ({Reason}); next look in {Next}")]
    private partial void LogFollowing(string reason, TimeSpan next);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Re-checked its copies ({Missing} missing); next look in {Next}")]
    private partial void LogRechecked(int missing, TimeSpan next);

    [LoggerMessage(Level = LogLevel.Information, Message = "Copy {Copy} was missing from the mirror; copied it again from {Source}")]
    private partial void LogCopyRestored(string copy, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Copy {Copy} is missing from the mirror and could not be copied again: {Problem}")]
    private partial void LogCopyMissing(string copy, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reverted the rewrite, its rollout failed: {Reason}")]
    private partial void LogReverted(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not rewritten, its pods could not pull the copies: {Why}")]
    private partial void LogPullAccessMissing(string why);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dry run: would rewrite {Changes}")]
    private partial void LogWouldRewrite(string changes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rewrote {Changes}")]
    private partial void LogRewritten(string changes);

    [LoggerMessage(Level = LogLevel.Information, Message = "The workload changed while rewriting it (409 Conflict, attempt {Attempt} of {MaxAttempts})")]
    private partial void LogConflict(int attempt, int maxAttempts);
}
