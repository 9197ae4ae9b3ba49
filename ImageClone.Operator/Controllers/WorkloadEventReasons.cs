namespace ImageClone.Controllers;

/// <summary>The <c>reason</c> of the events the controllers record; stable, for <c>kubectl get events --field-selector reason=…</c>.</summary>
public static class WorkloadEventReasons
{
    public const string ImageCopied = "ImageCopied";
    public const string WorkloadRewritten = "WorkloadRewritten";
    public const string WouldRewrite = "WouldRewrite";
    public const string WaitingForRollout = "WaitingForRollout";
    public const string CopyFailed = "CopyFailed";
    public const string InvalidImage = "InvalidImage";
    public const string PullSecretUnusable = "PullSecretUnusable";
    public const string PullAccessMissing = "PullAccessMissing";
    public const string RewriteReverted = "RewriteReverted";
    public const string ImageSetBack = "ImageSetBack";
    public const string CopyRestored = "CopyRestored";
    public const string CopyMissing = "CopyMissing";
    public const string StuckPodDeleted = "StuckPodDeleted";
}
