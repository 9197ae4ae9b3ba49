using ImageClone.Mirroring;
using ImageClone.Registry;

namespace ImageClone.Cli;

/// <summary>
/// <c>mirror [--repository R] IMAGE...</c>: copies each image under REPOSITORY and prints its pinned
/// copy (<c>…@sha256:…</c>) on stdout. Exit 0 when all are there with their source digest, 1 when
/// any failed (one line each on stderr), 2 on a usage error.
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

        var copier = ImageCopierFactory.Create(setup.Options!);
        var failures = 0;
        foreach (var image in setup.Images)
        {
            try
            {
                var pinned = await MirrorOneAsync(copier, setup, image, stderr, cancellationToken);
                await stdout.WriteLineAsync($"{image} -> {pinned}");
            }
            catch (Exception e) when (e is RegistryException or InvalidImageReferenceException)
            {
                failures++;
                await stderr.WriteLineAsync($"mirror failed: {image}: {e.Message}");
            }
        }

        return failures == 0 ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static async Task<ImageReference> MirrorOneAsync(IImageCopier copier, MirrorSetup setup, ImageReference image, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (setup.Naming!.IsMirrored(image))
        {
            var digest = image.Digest ?? await copier.ResolveDigestAsync(image, null, cancellationToken);
            return await VerifiedAsync(copier, image.WithDigest(digest), image, cancellationToken);
        }

        var request = new ImageCopyRequest(image, setup.Naming.TargetFor(image), setup.SourceCredentials, new StderrProgress(stderr));
        var result = await copier.CopyAsync(request, cancellationToken);
        return await VerifiedAsync(copier, result.PinnedTarget, image, cancellationToken);
    }

    private static async Task<ImageReference> VerifiedAsync(IImageCopier copier, ImageReference pinned, ImageReference image, CancellationToken cancellationToken) =>
        await copier.ExistsAsync(pinned, cancellationToken)
            ? pinned
            : throw new RegistryException(image.ToString(), pinned.Registry, RegistryErrorReason.NotFound, null, $"{pinned} is not in the target after the copy");
}
