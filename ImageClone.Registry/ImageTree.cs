namespace ImageClone.Registry;

/// <summary>
/// What one manifest names: an index lists its <see cref="Children"/> (per-platform manifests); an image manifest its
/// <see cref="ConfigDigest"/>, the digest some runtimes report as the image's ID.
/// </summary>
public sealed record ImageTree(string Digest, bool IsIndex, IReadOnlyList<ImageTreeChild> Children, string? ConfigDigest)
{
    public bool Contains(string digest) => digest == Digest || Children.Any(child => child.Digest == digest);
}

/// <summary>One per-platform manifest of an index.</summary>
public sealed record ImageTreeChild(string Digest, ImagePlatform? Platform);
