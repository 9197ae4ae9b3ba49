namespace ImageClone.Mirroring;

/// <summary>What the re-check found of one copy a rewritten workload runs: gone from the mirror, then copied again or not.</summary>
/// <param name="Problem">null when the copy was restored from the source; else why it could not be (the source lost it too).</param>
public sealed record RecheckFinding(string ContainerName, string Copy, string Source, string? Problem);
