using System.Collections.Concurrent;

namespace ImageClone.Tests.EndToEnd;

/// <summary>
/// What the kubelet would report as a pod's imageID: <c>docker-pullable://repo@digest</c>, with the digest of
/// each image the tests pushed, or the digest a pinned reference (<c>target:tag@sha256:…</c>) carries.
/// </summary>
internal sealed class KubeletImageIds
{
    private readonly ConcurrentDictionary<string, string> _digests = new(StringComparer.Ordinal);

    public void Add(string reference, string digest) => _digests[reference] = digest;

    public string? Resolve(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return $"docker-pullable://{WithoutTag(image[..at])}{image[at..]}";
        }

        return _digests.TryGetValue(image, out var digest) ? $"docker-pullable://{WithoutTag(image)}@{digest}" : null;
    }

    private static string WithoutTag(string name)
    {
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? name[..colon] : name;
    }
}
