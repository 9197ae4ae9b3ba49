namespace ImageClone.Tests.Support;

/// <param name="Reference">host/repository:tag</param>
/// <param name="Digest">of the top manifest (the index or list when multi-platform)</param>
/// <param name="ChildDigests">the per-platform manifests of an index or list; empty for a single manifest</param>
/// <param name="BlobDigests">configs and layers of all children, each once</param>
/// <param name="TotalBlobBytes">the size of <paramref name="BlobDigests"/> together</param>
public sealed record PushedImage(
    string Reference,
    string Digest,
    string MediaType,
    IReadOnlyList<string> ChildDigests,
    IReadOnlyList<string> BlobDigests,
    long TotalBlobBytes)
{
    /// <summary>host/repository@digest, the form skopeo accepts for a pinned image.</summary>
    public string DigestReference => $"{Reference[..Reference.LastIndexOf(':')]}@{Digest}";
}
