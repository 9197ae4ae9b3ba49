namespace ImageClone.Bench.Fleet;

/// <summary>Where the operator copies to and who it is in the API proxy's records.</summary>
/// <param name="MirrorPath">the repository path under the target registry ("mirror")</param>
/// <param name="Repository">the operator's REPOSITORY: target host and <paramref name="MirrorPath"/></param>
/// <param name="Digests">source image reference -> the digest it was pushed with</param>
internal sealed record MirrorTarget(string OperatorUser, string MirrorPath, string Repository, IReadOnlyDictionary<string, string> Digests);
