using ImageClone.Registry;

namespace ImageClone.Cli;

/// <summary>
/// <c>mirror [--repository R] [--authfile F] IMAGE...</c>: copies each image under REPOSITORY and prints its pinned
/// copy (<c>…@sha256:…</c>) on stdout; progress, retries and a summary on stderr. Exit 0 when all are there with their
/// source digest, 1 when any failed (one line each on stderr), 2 on a usage or configuration error.
/// </summary>
internal static class MirrorCommand
{
    internal static async Task<int> RunAsync(MirrorArguments arguments, CommandContext context, CancellationToken cancellationToken)
    {
        var (stdout, stderr) = (context.Out, context.Error);
        var setup = await MirrorSetup.CreateAsync(arguments, context.Environment, cancellationToken);
        if (setup.Error is { } error)
        {
            await stderr.WriteLineAsync($"mirror: {error}");
            return ExitCodes.UsageError;
        }

        var time = TimeProvider.System;
        var progress = new MirrorProgress(stderr, context.ErrorIsTerminal, time);
        var copier = ImageCopierFactory.Create(setup.Options! with { RetryObserver = notice => progress.Notice($"mirror: {notice}") }, time);
        var summary = new MirrorSummary(time);
        foreach (var image in setup.Images)
        {
            try
            {
                var (pinned, result) = await MirrorOneAsync(copier, setup, image, progress, cancellationToken);
                progress.Finish();
                summary.Add(result);
                await stdout.WriteLineAsync($"{image} -> {pinned}");
            }
            catch (Exception e) when (e is RegistryException or InvalidImageReferenceException)
            {
                progress.Finish();
                summary.AddFailure();

                // a RegistryException's message starts with the image already
                await stderr.WriteLineAsync(e is RegistryException ? $"mirror failed: {e.Message}" : $"mirror failed: {image}: {e.Message}");
            }
        }

        await stderr.WriteLineAsync($"mirror: {summary}");
        return summary.Failed == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static async Task<(ImageReference Pinned, ImageCopyResult? Result)> MirrorOneAsync(
        IImageCopier copier, MirrorSetup setup, ImageReference image, MirrorProgress progress, CancellationToken cancellationToken)
    {
        if (setup.Naming!.IsMirrored(image))
        {
            var digest = image.Digest ?? await copier.ResolveDigestAsync(image, null, cancellationToken);
            return (await VerifiedAsync(copier, image.WithDigest(digest), image, cancellationToken), null);
        }

        var request = new ImageCopyRequest(image, setup.Naming.TargetFor(image), setup.SourceCredentials, progress.ForImage());
        var result = await copier.CopyAsync(request, cancellationToken);
        return (await VerifiedAsync(copier, result.PinnedTarget, image, cancellationToken), result);
    }

    private static async Task<ImageReference> VerifiedAsync(IImageCopier copier, ImageReference pinned, ImageReference image, CancellationToken cancellationToken) =>
        await copier.ExistsAsync(pinned, cancellationToken)
            ? pinned
            : throw new RegistryException(image.ToString(), pinned.Registry, RegistryErrorReason.NotFound, null, $"{pinned} is not in the target after the copy");
}
