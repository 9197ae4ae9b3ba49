using ImageClone.Registry;

namespace ImageClone.Mirroring;

internal sealed partial class ImageMirror(
    MirrorOptions options,
    TargetNaming naming,
    ImageCopyCoordinator copies,
    PullAccess pullAccess,
    CopyRecheck recheck,
    PrivacyGuard privacy,
    PinChooser pins,
    ILogger<ImageMirror> logger) : IImageMirror
{
    public const string SkipAnnotation = "imageclone.io/skip";

    /// <summary>Set when the operator reverted its rewrite because the rollout failed; a person removes it to let it try again.</summary>
    public const string RewriteFailedAnnotation = "imageclone.io/rewrite-failed";
    private const string KubeSystem = "kube-system";

    // A message-template scope: text logs print "Container c image i", JSON logs get Container and Image fields.
    private static readonly Func<ILogger, string, string, IDisposable?> ContainerScope =
        LoggerMessage.DefineScope<string, string>("Container {Container} image {Image}");

    public MirrorDecision? Screen(WorkloadSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (SkipReason(snapshot) is { } reason)
        {
            MirrorMetrics.WorkloadsSkipped.WithLabels(snapshot.Kind.ToString()).Inc();
            return new MirrorSkipped(reason);
        }

        if (SetBack(snapshot) is { Count: > 0 } setBack)
        {
            return new MirrorSetBack(setBack);
        }

        if (snapshot.Images.All(IsMirrored))
        {
            return MirrorUpToDate.Instance;
        }

        return null;
    }

    /// <summary>The containers this operator rewrote that run their recorded original again.</summary>
    private static List<ImageRewrite> SetBack(WorkloadSnapshot snapshot)
    {
        var written = OriginalImages.FromAnnotations(snapshot.Annotations, OriginalImages.RewrittenAnnotationName);
        var originals = OriginalImages.FromAnnotations(snapshot.Annotations);
        return [.. snapshot.Images
            .Where(image => written.For(image.ContainerName, image.IsInit) is not null && originals.For(image.ContainerName, image.IsInit) == image.Image)
            .Select(image => new ImageRewrite(image.ContainerName, image.IsInit, image.Image, written.For(image.ContainerName, image.IsInit)!))];
    }

    public async Task<MirrorDecision> DecideAsync(WorkloadSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (Screen(snapshot) is { } screened)
        {
            return screened;
        }

        var pending = snapshot.Images.Where(image => !IsMirrored(image)).ToList();
        var attempts = await Task.WhenAll(pending.Select(image => CopyAsync(snapshot, image, cancellationToken)));
        var copied = attempts.Select(attempt => attempt.Copied).OfType<CopiedImage>().ToList();
        var failures = attempts.Select(attempt => attempt.Failure).OfType<ImageFailure>().ToList();

        if (failures.Count > 0)
        {
            return new MirrorCopyFailed(failures, copied);
        }

        if (!snapshot.Rollout.IsHealthy)
        {
            MirrorMetrics.WorkloadsWaiting.WithLabels(snapshot.Kind.ToString()).Inc();
            return new MirrorWaitingForRollout(snapshot.Rollout.Reason ?? "the rollout is not complete", copied);
        }

        var (grant, problems) = await pullAccess.CheckAsync(snapshot, copied, cancellationToken);
        if (problems.Count > 0)
        {
            return new MirrorPullAccessMissing(problems, copied);
        }

        return Rewrite(snapshot, pending.Zip(copied).ToList(), copied) with { PullSecret = grant };
    }

    public Task<IReadOnlyList<RecheckFinding>> RecheckAsync(WorkloadSnapshot snapshot, Func<Task<IRegistryCredentials?>> pullCredentials, CancellationToken cancellationToken) =>
        recheck.CheckAsync(snapshot, pullCredentials, cancellationToken);

    private static MirrorRewrite Rewrite(WorkloadSnapshot snapshot, List<(ContainerImage Image, CopiedImage Copy)> done, List<CopiedImage> copied)
    {
        var rewrites = done
            .Select(pair => new ImageRewrite(pair.Image.ContainerName, pair.Image.IsInit, pair.Image.Image, pair.Copy.PinnedTarget.ToString()) { PinNote = pair.Copy.PinNote })
            .ToList();
        var originals = OriginalImages.FromAnnotations(snapshot.Annotations).With(rewrites);
        return new MirrorRewrite(rewrites, originals.ToAnnotationValue(), copied);
    }

    private string? SkipReason(WorkloadSnapshot snapshot) => snapshot switch
    {
        { Namespace: KubeSystem } => "namespace kube-system is never mirrored",
        _ when snapshot.Namespace == options.ControllerNamespace => $"namespace {snapshot.Namespace} is the controller's own",
        _ when options.ExcludedNamespaces.Contains(snapshot.Namespace) => $"namespace {snapshot.Namespace} is excluded",
        _ when snapshot.Annotations.TryGetValue(SkipAnnotation, out var skip) && string.Equals(skip.Trim(), "true", StringComparison.OrdinalIgnoreCase)
            => $"annotated {SkipAnnotation}: \"true\"",
        _ when snapshot.Annotations.TryGetValue(RewriteFailedAnnotation, out var failed)
            => $"its rewrite was reverted ({failed}); remove the annotation {RewriteFailedAnnotation} to let the operator try again",
        _ => null,
    };

    private bool IsMirrored(ContainerImage image) =>
        ImageReference.TryParse(image.Image, out var reference) && naming.IsMirrored(reference);

    private async Task<CopyAttempt> CopyAsync(WorkloadSnapshot snapshot, ContainerImage image, CancellationToken cancellationToken)
    {
        using var scope = ContainerScope(logger, image.ContainerName, image.Image);
        ImageReference source;
        ImageReference target;
        try
        {
            source = ImageReference.Parse(image.Image);
            target = naming.TargetFor(source);
        }
        catch (InvalidImageReferenceException e)
        {
            MirrorMetrics.CopyFailures.WithLabels(MirrorMetrics.InvalidImageReason).Inc();
            LogInvalidImage(e.Reason);
            return CopyAttempt.Failed(new ImageFailure(image.ContainerName, image.Image, e.Message, IsInvalidReference: true, Reason: null));
        }

        try
        {
            if (await privacy.ProblemAsync(source, target, snapshot.PullCredentials, cancellationToken) is { } exposure)
            {
                MirrorMetrics.CopyFailures.WithLabels(MirrorMetrics.WouldBePublicReason).Inc();
                LogCopyFailed(exposure);
                return CopyAttempt.Failed(new ImageFailure(image.ContainerName, image.Image, exposure, IsInvalidReference: false, Reason: null));
            }

            var pin = await pins.ChooseAsync(snapshot, image, source, target, cancellationToken);
            if (pin.Refusal is { } refusal)
            {
                MirrorMetrics.CopyFailures.WithLabels(MirrorMetrics.NoSafePinReason).Inc();
                LogCopyFailed(refusal);
                return CopyAttempt.Failed(new ImageFailure(image.ContainerName, image.Image, refusal, IsInvalidReference: false, Reason: null));
            }

            var request = new ImageCopyRequest(pin.Source, target, snapshot.PullCredentials, CheckSourceAccess: pin.CheckSourceAccess, TagTarget: pin.TagTarget);
            var outcome = await copies.CopyAsync(request, cancellationToken);
            LogCopied(pin.Source, outcome.Result.PinnedTarget, outcome.Transferred);
            if (pin.Note is { } note)
            {
                LogPinNote(note);
            }

            return CopyAttempt.Succeeded(new CopiedImage(image.ContainerName, pin.Source, outcome.Result.PinnedTarget, outcome.Transferred, outcome.Result.BytesCopied) { PinNote = pin.Note });
        }
        catch (RegistryException e)
        {
            MirrorMetrics.CopyFailures.WithLabels(e.Reason.ToString()).Inc();
            LogCopyFailed(e.Message);
            return CopyAttempt.Failed(new ImageFailure(image.ContainerName, image.Image, e.Message, IsInvalidReference: false, e.Reason));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A copy shared with another workload's reconcile can be cancelled by that reconcile; like any
            // unexpected failure, it is retried after the failure backoff.
            MirrorMetrics.CopyFailures.WithLabels(MirrorMetrics.OtherReason).Inc();
            LogCopyFailed(e.Message);
            return CopyAttempt.Failed(new ImageFailure(image.ContainerName, image.Image, $"copy to {target} failed: {e.Message}", IsInvalidReference: false, Reason: null));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invalid image reference: {Reason}")]
    private partial void LogInvalidImage(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Image {Source} is in the mirror as {Target} (pushed now: {Transferred})")]
    private partial void LogCopied(ImageReference source, ImageReference target, bool transferred);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pin: {Note}")]
    private partial void LogPinNote(string note);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Copy failed: {Cause}")]
    private partial void LogCopyFailed(string cause);

    private sealed record CopyAttempt(CopiedImage? Copied, ImageFailure? Failure)
    {
        public static CopyAttempt Succeeded(CopiedImage copied) => new(copied, null);

        public static CopyAttempt Failed(ImageFailure failure) => new(null, failure);
    }
}
