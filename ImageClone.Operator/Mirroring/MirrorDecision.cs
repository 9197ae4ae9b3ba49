namespace ImageClone.Mirroring;

/// <summary>
/// What to do with one workload: <see cref="MirrorSkipped"/>, <see cref="MirrorUpToDate"/>,
/// <see cref="MirrorWaitingForRollout"/>, <see cref="MirrorCopyFailed"/> or <see cref="MirrorRewrite"/>.
/// </summary>
public abstract record MirrorDecision;
