using System.Collections.Concurrent;
using ImageClone.Registry;

namespace ImageClone.Mirroring;

/// <summary>
/// Copies each (source, target) pair once however many workloads ask for it at the same time, and
/// remembers finished copies for a short while so workloads sharing an image do not each ask the
/// registries again. Failures are not remembered. Copies are shared only between requests that present
/// the same source credential: a workload without a private image's pull secret must not get that image
/// mirrored for it on the strength of another workload's secret. A shared copy runs to its end even when every
/// workload waiting for it has given up: one workload's cancelled reconcile does not fail the others', and a copy
/// all of whose reconciles were cancelled (leadership lost) is finished, not redone from zero.
/// </summary>
internal sealed class ImageCopyCoordinator(IImageCopier copier, TimeProvider time, TimeSpan memoryDuration)
{
    private const int PruneThreshold = 4096;

    // A copy runs to its end even when every reconcile waiting for it was cancelled (leadership lost, shutdown of the
    // work): the next term, or the replica that leads now, then finds it in the mirror instead of starting it again.
    private readonly SharedWork<ImageCopyResult, CopyProgress> _inFlight = new(finishWhenAbandoned: true);
    private readonly ConcurrentDictionary<string, RememberedCopy> _finished = new(StringComparer.Ordinal);

    public async Task<CopyOutcome> CopyAsync(ImageCopyRequest request, CancellationToken cancellationToken)
    {
        var credential = CredentialIdentity.Of(request.SourceCredentials?.For(request.Source.Registry));
        var key = $"{request.Source} -> {request.Target} as {credential}" + (request.CheckSourceAccess ? "" : " (in use)");
        if (_finished.TryGetValue(key, out var remembered) && remembered.ExpiresAt > time.GetUtcNow())
        {
            return new CopyOutcome(remembered.Result, Transferred: false);
        }

        var started = false;
        var result = await _inFlight.RunAsync(
            key,
            (progress, shared) =>
            {
                started = true;
                return CopyAndRememberAsync(key, request with { Progress = progress }, shared);
            },
            request.Progress,
            cancellationToken);
        return new CopyOutcome(result, Transferred: started && !result.AlreadyPresent);
    }

    private async Task<ImageCopyResult> CopyAndRememberAsync(string key, ImageCopyRequest request, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var result = await copier.CopyAsync(request, cancellationToken);
        MirrorMetrics.CopyDuration.Observe(time.GetElapsedTime(started).TotalSeconds);
        if (!result.AlreadyPresent)
        {
            MirrorMetrics.ImagesCopied.Inc();
            MirrorMetrics.BytesCopied.Inc(result.BytesCopied);
        }

        Remember(key, result);
        return result;
    }

    private void Remember(string key, ImageCopyResult result)
    {
        var now = time.GetUtcNow();
        if (_finished.Count >= PruneThreshold)
        {
            foreach (var (staleKey, stale) in _finished)
            {
                if (stale.ExpiresAt <= now)
                {
                    _finished.TryRemove(staleKey, out _);
                }
            }
        }

        _finished[key] = new RememberedCopy(result, now + memoryDuration);
    }

    private sealed record RememberedCopy(ImageCopyResult Result, DateTimeOffset ExpiresAt);
}
