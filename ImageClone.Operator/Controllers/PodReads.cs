namespace ImageClone.Controllers;

/// <summary>
/// How pods are listed: with <c>resourceVersion=0</c>, as client-go's reflector lists, so the API server answers
/// from its watch cache instead of a quorum read from etcd on every reconcile and requeue. The answer may trail
/// the newest state by a moment; each reader acts only on what pods report and looks again on its next requeue.
/// </summary>
internal static class PodReads
{
    public const string FromWatchCache = "0";
}
