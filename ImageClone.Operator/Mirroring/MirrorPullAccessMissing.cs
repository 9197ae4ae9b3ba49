namespace ImageClone.Mirroring;

/// <summary>
/// Every image is copied and the rollout is healthy, but the pods would not be able to pull a copy with the credentials
/// they would have: nothing is rewritten; a failure, retried with backoff.
/// </summary>
public sealed record MirrorPullAccessMissing(IReadOnlyList<string> Problems, IReadOnlyList<CopiedImage> Copied) : MirrorDecision;
