namespace ImageClone.Mirroring;

/// <summary>
/// One image ID a running pod reports for a container: a manifest digest (<c>repo@sha256:…</c>, the containerd, CRI-O
/// and <c>docker-pullable://</c> forms: an index's digest or one platform's), or, when <see cref="IsConfig"/>, the digest
/// of the image's config (a bare <c>sha256:…</c> ID, as CRI-O reports after a restart).
/// </summary>
public sealed record RunningImageId(string Digest, bool IsConfig)
{
    public override string ToString() => IsConfig ? $"config {Digest}" : Digest;
}
