namespace ImageClone.Mirroring;

/// <summary>The copies are done but the rollout is not healthy: look again after <see cref="MirrorOptions.RolloutCheckInterval"/>.</summary>
public sealed record MirrorWaitingForRollout(string Reason, IReadOnlyList<CopiedImage> Copied) : MirrorDecision;
