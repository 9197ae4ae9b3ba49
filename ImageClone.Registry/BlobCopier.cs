namespace ImageClone.Registry;

/// <summary>
/// Puts one blob into the target repository: nothing if it is there, a cross-repository mount if
/// another repository of the registry holds it, else a verified stream from the source. A failed
/// stream is restarted from a fresh source response a bounded number of times.
/// </summary>
internal sealed class BlobCopier(RegistryClient client, BlobLocations locations, RegistryOptions options, TimeProvider time)
{
    private readonly BlobCopyRetries _restarts = new(options, time);
    private readonly SharedWork<BlobCopyOutcome, long> _inFlight = new();

    public Task<BlobCopyOutcome> CopyAsync(RepositoryAccess source, RepositoryAccess target, Descriptor blob, IProgress<long> progress, CancellationToken cancellationToken) =>
        _inFlight.RunAsync(
            $"{target.Registry}/{target.Repository}@{blob.Digest}",
            async (bytes, shared) =>
            {
                var outcome = await CopyOnceAsync(source, target, blob, bytes, shared);
                locations.Add(target.Registry, target.Repository, blob.Digest);
                return outcome;
            },
            progress,
            cancellationToken);

    private async Task<BlobCopyOutcome> CopyOnceAsync(RepositoryAccess source, RepositoryAccess target, Descriptor blob, IProgress<long> progress, CancellationToken cancellationToken)
    {
        if (await client.BlobExistsAsync(target, blob.Digest, cancellationToken))
        {
            return BlobCopyOutcome.AlreadyPresent;
        }

        Uri? upload = null;
        if (locations.HolderOtherThan(target.Registry, target.Repository, blob.Digest) is { } from)
        {
            upload = await client.MountBlobAsync(target, blob.Digest, from, cancellationToken);
            if (upload is null)
            {
                return BlobCopyOutcome.Mounted;
            }
        }

        await StreamWithRestartsAsync(source, target, blob, upload, progress, cancellationToken);
        locations.Add(source.Registry, source.Repository, blob.Digest);
        return BlobCopyOutcome.Copied;
    }

    private Task StreamWithRestartsAsync(RepositoryAccess source, RepositoryAccess target, Descriptor blob, Uri? upload, IProgress<long> progress, CancellationToken cancellationToken) =>
        _restarts.RunAsync($"copy of blob {blob.Digest} to {target.Repository}", async attemptCancellation =>
        {
            long sent = 0;
            try
            {
                upload ??= await client.InitiateUploadAsync(target, attemptCancellation);
                await StreamBlobAsync(source, target, blob, upload, bytes =>
                {
                    sent += bytes;
                    progress.Report(bytes);
                }, attemptCancellation);
            }
            catch (RegistryException e) when (e.IsTransient)
            {
                // the next attempt starts over: a fresh upload, and its bytes counted again
                progress.Report(-sent);
                upload = null;
                throw;
            }
        }, cancellationToken);

    private async Task StreamBlobAsync(RepositoryAccess source, RepositoryAccess target, Descriptor blob, Uri upload, Action<long> onBytes, CancellationToken cancellationToken)
    {
        using var response = await client.GetBlobAsync(source, blob.Digest, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var content = new VerifyingBlobContent(body, blob, options.BufferSize, options.StallTimeout, onBytes);
        try
        {
            await client.CommitBlobAsync(target, upload, blob.Digest, content, cancellationToken);
        }
        catch (Exception e) when (content.Failure is { } failure && !cancellationToken.IsCancellationRequested)
        {
            throw Describe(failure, source, blob, e);
        }
    }

    private static RegistryException Describe(BlobStreamFailure failure, RepositoryAccess source, Descriptor blob, Exception inner) => failure switch
    {
        BlobStreamFailure.DigestMismatch => new RegistryException(source.Image, source.Registry, RegistryErrorReason.DigestMismatch, null,
            $"blob {blob.Digest} of {source.Repository} does not match its digest (or its size {blob.Size}); upload abandoned", inner),
        BlobStreamFailure.Stalled => new RegistryException(source.Image, source.Registry, RegistryErrorReason.Timeout, null,
            $"blob {blob.Digest} of {source.Repository} stalled", inner),
        BlobStreamFailure.Truncated => new RegistryException(source.Image, source.Registry, RegistryErrorReason.Network, null,
            $"blob {blob.Digest} of {source.Repository} ended before its {blob.Size} bytes", inner),
        _ => new RegistryException(source.Image, source.Registry, RegistryErrorReason.Network, null,
            $"reading blob {blob.Digest} of {source.Repository} failed: {inner.GetBaseException().Message}", inner),
    };
}
