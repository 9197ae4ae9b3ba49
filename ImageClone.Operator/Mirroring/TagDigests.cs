using System.Collections.Concurrent;
using ImageClone.Registry;

namespace ImageClone.Mirroring;

/// <summary>
/// What a source tag names now, asked once per tag and credential for a short while however many workloads use it
/// (a HEAD each). A refusal (the tag is gone, or not for these credentials) is not remembered.
/// </summary>
internal sealed class TagDigests(IManifestReader reader, TimeProvider time, TimeSpan memory)
{
    private const int PruneThreshold = 4096;
    private readonly ConcurrentDictionary<string, (string Digest, DateTimeOffset Until)> _known = new(StringComparer.Ordinal);

    public async Task<string?> DigestAsync(ImageReference tagged, IRegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tagged);
        var key = $"{tagged} as {CredentialIdentity.Of(credentials?.For(tagged.Registry))}";
        var now = time.GetUtcNow();
        if (_known.TryGetValue(key, out var remembered) && remembered.Until > now)
        {
            return remembered.Digest;
        }

        var digest = await reader.DigestAsync(tagged, credentials, cancellationToken);
        if (digest is not null)
        {
            if (_known.Count >= PruneThreshold)
            {
                foreach (var (stale, entry) in _known.Where(entry => entry.Value.Until <= now))
                {
                    _known.TryRemove(stale, out _);
                }
            }

            _known[key] = (digest, now + memory);
        }

        return digest;
    }
}
