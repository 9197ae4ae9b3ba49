using ImageClone.Registry;
using k8s;
using k8s.Models;

namespace ImageClone.Controllers;

/// <summary>
/// The platforms of the nodes a pod template can be scheduled on, read when a pin depends on them (rarely: a tag that
/// moved on, or a source that is gone). Served from the API server's watch cache (<c>resourceVersion=0</c>).
/// </summary>
internal sealed class NodePlatformReader(IKubernetes client)
{
    public async Task<IReadOnlyList<ImagePlatform>> ForAsync(V1PodSpec spec, CancellationToken cancellationToken)
    {
        var nodes = await client.CoreV1.ListNodeAsync(resourceVersion: "0", cancellationToken: cancellationToken);
        return [.. SchedulableNodes.For(spec, nodes.Items).Select(SchedulableNodes.PlatformOf).OfType<ImagePlatform>().Distinct()];
    }
}
