using System.Runtime.ExceptionServices;

namespace ImageClone.Registry;

/// <summary>One run of a copy: the manifests of an image (an index and its children, or one manifest) and their blobs.</summary>
internal sealed class ImageTreeCopy(
    RegistryClient client, BlobCopier blobs, RegistryOptions options, RepositoryAccess source, RepositoryAccess target, IProgress<CopyProgress>? progress)
{
    public async Task<ImageCopyResult> RunAsync(ImageReference image, string digest, string targetReference, ImageReference pinned, CancellationToken cancellationToken)
    {
        var top = await client.GetManifestAsync(source, digest, cancellationToken);
        var children = await MissingChildrenAsync(top, cancellationToken);
        var images = top.IsIndex ? children : [top];
        var needed = images.SelectMany(manifest => manifest.Blobs).DistinctBy(blob => blob.Digest).ToList();
        var tracker = new CopyProgressTracker(image, needed.Sum(blob => blob.Size), progress);
        var outcomes = await CopyBlobsAsync(needed, tracker, cancellationToken);

        foreach (var child in children)
        {
            await client.PutManifestAsync(target, child.Digest, child, cancellationToken);
        }

        await client.PutManifestAsync(target, targetReference, top, cancellationToken);
        return new ImageCopyResult(digest, pinned, AlreadyPresent: false, tracker.Copied,
            outcomes.Count(outcome => outcome == BlobCopyOutcome.Copied),
            outcomes.Count(outcome => outcome == BlobCopyOutcome.Mounted),
            children.Count + 1);
    }

    /// <summary>The children of an index the target lacks, fetched (and checked supported) before anything is pushed.</summary>
    private async Task<IReadOnlyList<Manifest>> MissingChildrenAsync(Manifest top, CancellationToken cancellationToken)
    {
        var missing = new List<Manifest>();
        foreach (var child in top.Children)
        {
            if (await client.HeadManifestAsync(target, child.Digest, cancellationToken) != child.Digest)
            {
                missing.Add(await client.GetManifestAsync(source, child.Digest, cancellationToken));
            }
        }

        return missing;
    }

    private async Task<BlobCopyOutcome[]> CopyBlobsAsync(IReadOnlyList<Descriptor> needed, CopyProgressTracker tracker, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(options.BlobConcurrency);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var copies = needed.Select(async blob =>
        {
            await slots.WaitAsync(failed.Token);
            try
            {
                return await blobs.CopyAsync(source, target, blob, tracker, failed.Token);
            }
            catch
            {
                // One blob lost means no manifest will be pushed: stop the others streaming.
                await failed.CancelAsync();
                throw;
            }
            finally
            {
                slots.Release();
            }
        }).ToList();
        try
        {
            return await Task.WhenAll(copies);
        }
        catch (OperationCanceledException) when (copies.Select(copy => copy.Exception?.InnerException).OfType<RegistryException>().FirstOrDefault() is { } cause)
        {
            ExceptionDispatchInfo.Throw(cause);
            throw;
        }
    }
}
