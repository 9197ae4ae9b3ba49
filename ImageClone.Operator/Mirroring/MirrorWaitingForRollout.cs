namespace ImageClone.Mirroring;

/// <summary>The copies are done but the rollout is not healthy: try again after <see cref="RequeueAfter"/>.</summary>
public sealed record MirrorWaitingForRollout(string Reason, TimeSpan RequeueAfter, IReadOnlyList<CopiedImage> Copied) : MirrorDecision;
