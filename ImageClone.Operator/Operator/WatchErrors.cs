using System.Net;
using System.Runtime.ExceptionServices;
using k8s;
using k8s.Autorest;

namespace ImageClone.Operator;

/// <summary>How watch failures are surfaced and recognised.</summary>
internal static class WatchErrors
{
    /// <summary>
    /// The watch stream's onError: without it an ERROR event (such as 410 Expired) is swallowed
    /// and the stream just ends, so the watcher could not tell "expired" from "timed out".
    /// </summary>
    public static void Throw(Exception error) => ExceptionDispatchInfo.Throw(error);

    /// <summary>True when the resourceVersion is too old: the cache must be rebuilt from a fresh list.</summary>
    public static bool IsGone(Exception error) => error switch
    {
        KubernetesException k => k.Status?.Code == (int)HttpStatusCode.Gone,
        HttpOperationException h => h.Response?.StatusCode == HttpStatusCode.Gone,
        _ => false,
    };

    /// <summary>
    /// True for what KubernetesClient throws when the server ends a watch at its timeoutSeconds before
    /// any event: a normal end, not a failure to back off from.
    /// </summary>
    public static bool IsEndOfStream(Exception error) =>
        error is HttpRequestException { InnerException: EndOfStreamException };
}
