namespace ImageClone.Controllers;

/// <summary>What <see cref="RolloutFollower"/> found of the rollout a rewrite started.</summary>
internal abstract record RolloutVerdict
{
    /// <summary>Nothing to follow: no rewrite recorded, its rollout finished, or someone changed the images since.</summary>
    public sealed record Settled : RolloutVerdict;

    /// <summary>Still rolling out, nothing failing yet: look again later.</summary>
    public sealed record InProgress : RolloutVerdict;

    /// <summary>The rollout failed on the rewrite: revert it.</summary>
    public sealed record Failed(string Reason) : RolloutVerdict;

    public static RolloutVerdict Done { get; } = new Settled();

    public static RolloutVerdict Rolling { get; } = new InProgress();
}
