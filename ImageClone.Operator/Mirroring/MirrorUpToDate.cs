namespace ImageClone.Mirroring;

/// <summary>Every image already lives under REPOSITORY: nothing to copy, nothing to write.</summary>
public sealed record MirrorUpToDate : MirrorDecision
{
    public static MirrorUpToDate Instance { get; } = new();
}
