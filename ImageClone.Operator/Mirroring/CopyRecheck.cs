using System.Collections.Concurrent;
using ImageClone.Registry;

namespace ImageClone.Mirroring;

/// <summary>
/// Re-checks the copies a rewritten workload runs, so a copy that vanished from the mirror (registry garbage
/// collection, a cleanup job, a deleted repository) is noticed before a restart needs it: a HEAD per pinned digest,
/// each digest at most once per <see cref="MirrorOptions.RecheckInterval"/> however many workloads run it. A digest
/// first seen is trusted for one interval (it was checked when it was copied), so after a restart the checks spread
/// over the interval instead of coming at once. A missing copy is copied again from its recorded original, pinned to
/// the same digest, with the workload's pull secrets.
/// </summary>
internal sealed class CopyRecheck(IImageCopier copier, TagDigests tags, TargetNaming naming, MirrorOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _present = new(StringComparer.Ordinal);

    /// <returns>the copies that were missing: restored, or with the reason they could not be</returns>
    public async Task<IReadOnlyList<RecheckFinding>> CheckAsync(
        WorkloadSnapshot snapshot, Func<Task<IRegistryCredentials?>> pullCredentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var originals = OriginalImages.FromAnnotations(snapshot.Annotations);
        var findings = new List<RecheckFinding>();
        foreach (var image in snapshot.Images)
        {
            if (originals.For(image.ContainerName, image.IsInit) is not { } original
                || !ImageReference.TryParse(image.Image, out var copy) || copy.Digest is null || !naming.IsMirrored(copy)
                || await IsPresentAsync(copy, cancellationToken))
            {
                continue;
            }

            findings.Add(await RestoreAsync(image.ContainerName, copy, original, await pullCredentials(), cancellationToken));
        }

        return findings;
    }

    private async Task<bool> IsPresentAsync(ImageReference copy, CancellationToken cancellationToken)
    {
        var key = copy.ToString();
        var checkedAt = _present.GetOrAdd(key, _ => time.GetUtcNow());
        if (time.GetUtcNow() - checkedAt < options.RecheckInterval)
        {
            return true;
        }

        if (!await copier.ExistsAsync(copy, cancellationToken))
        {
            _present.TryRemove(key, out _);
            return false;
        }

        _present[key] = time.GetUtcNow();
        return true;
    }

    private async Task<RecheckFinding> RestoreAsync(string container, ImageReference copy, string original, IRegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        try
        {
            var written = ImageReference.Parse(original);
            var source = written.WithDigest(copy.Digest);
            var target = ImageReference.Create(copy.Registry, copy.Repository, copy.Tag, null);
            var tagNamesIt = written.Tag is not null && await tags.DigestAsync(written.WithDigest(null), credentials, cancellationToken) == copy.Digest;
            await copier.CopyAsync(new ImageCopyRequest(source, target, credentials, TagTarget: tagNamesIt), cancellationToken);
            _present[copy.ToString()] = time.GetUtcNow();
            MirrorMetrics.CopiesRestored.Inc();
            return new RecheckFinding(container, copy.ToString(), source.ToString(), null);
        }
        catch (Exception e) when (e is RegistryException or InvalidImageReferenceException)
        {
            MirrorMetrics.CopiesMissing.Inc();
            return new RecheckFinding(container, copy.ToString(), original, e.Message);
        }
    }
}
