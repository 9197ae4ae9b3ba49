namespace ImageClone.Operator;

/// <summary>What the queue needs from one controller call; a thrown exception counts as a failure.</summary>
internal readonly record struct ReconcileOutcome(bool Failed, TimeSpan? RequeueAfter)
{
    public static ReconcileOutcome Cancelled => new(false, null);
}
