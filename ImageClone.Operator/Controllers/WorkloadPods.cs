using ImageClone.Operator;
using k8s.Models;

namespace ImageClone.Controllers;

/// <summary>
/// A workload's pods — those of its namespace that its selector matches — read from the watch-fed pod cache, not the
/// API server: a reconcile and every requeue cost no pod list. The cache trails the server by a watch event; every
/// reader acts only on what pods report and looks again on its next requeue.
/// </summary>
internal sealed class WorkloadPods(ReadCache<V1Pod> cache)
{
    public Task<IReadOnlyList<V1Pod>> OfAsync(Workload workload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return cache.ListAsync(workload.Namespace, pod => LabelSelectorMatch.Matches(workload.Selector, pod.Metadata.Labels), cancellationToken);
    }
}
