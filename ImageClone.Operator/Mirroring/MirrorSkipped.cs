namespace ImageClone.Mirroring;

/// <summary>The workload is out of scope (its namespace is excluded or it opted out).</summary>
public sealed record MirrorSkipped(string Reason) : MirrorDecision;
