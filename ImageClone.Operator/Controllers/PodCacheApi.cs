using ImageClone.Mirroring;
using ImageClone.Operator;
using k8s;
using k8s.Models;

namespace ImageClone.Controllers;

/// <summary>
/// Lists (in pages) and watches the pods of every namespace the operator mirrors, trimming each one (<see cref="PodTrim"/>)
/// as it arrives, so neither a list of the whole cluster's pods nor the watch stream is ever held in full. The namespaces
/// that are never mirrored are left out on the server (a field selector), so their pods cost nothing.
/// </summary>
internal sealed class PodCacheApi(IKubernetes client, string? fieldSelector, int pageSize) : IEntityApi<V1Pod>
{
    /// <summary>Never mirrored, whatever the configuration says (as <see cref="ImageMirror"/> decides).</summary>
    private const string KubeSystem = "kube-system";

    public static PodCacheApi For(IKubernetes client, MirrorOptions options, OperatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        return new PodCacheApi(client, FieldSelector(options), settings.ListPageSize);
    }

    /// <summary><c>metadata.namespace!=…</c> for every namespace that is never mirrored; null when there is none.</summary>
    public static string? FieldSelector(MirrorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var skipped = options.ExcludedNamespaces.Append(KubeSystem);
        if (options.ControllerNamespace is { Length: > 0 } own)
        {
            skipped = skipped.Append(own);
        }

        return string.Join(",", skipped.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(n => $"metadata.namespace!={n}"));
    }

    public Task<EntityList<V1Pod>> ListAsync(CancellationToken cancellationToken) => PagedList.AllAsync<V1Pod>(
        async (next, token) =>
        {
            var page = await client.CoreV1.ListPodForAllNamespacesAsync(continueParameter: next, fieldSelector: fieldSelector, limit: pageSize, cancellationToken: token);
            return ([.. page.Items.Select(PodTrim.Keep)], page.Metadata);
        },
        cancellationToken);

    public async IAsyncEnumerable<(WatchEventType Type, V1Pod Entity)> WatchAsync(
        string resourceVersion, bool allowBookmarks, int timeoutSeconds, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = client.CoreV1.WatchListPodForAllNamespacesAsync(
            fieldSelector: fieldSelector, resourceVersion: resourceVersion, allowWatchBookmarks: allowBookmarks, timeoutSeconds: timeoutSeconds,
            onError: WatchErrors.Throw, cancellationToken: cancellationToken);
        await foreach (var (type, pod) in events)
        {
            yield return (type, type == WatchEventType.Bookmark ? pod : PodTrim.Keep(pod));
        }
    }
}
