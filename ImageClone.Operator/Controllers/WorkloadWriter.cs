using System.Text.Json.Nodes;
using ImageClone.Mirroring;
using k8s;
using k8s.Models;

namespace ImageClone.Controllers;

/// <summary>
/// Applies a <see cref="MirrorRewrite"/> as one strategic merge patch: only the changed containers
/// (by name) with their new image, the original-images annotation, and the resourceVersion that was
/// read, so a workload changed in between is refused with 409 Conflict rather than overwritten.
/// </summary>
internal static class WorkloadWriter
{
    public static Task<TEntity> ApplyAsync<TEntity>(IWorkloadApi<TEntity> api, Workload workload, MirrorRewrite rewrite, CancellationToken cancellationToken)
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(workload);
        var patch = new V1Patch(PatchFor(workload, rewrite), V1Patch.PatchType.StrategicMergePatch);
        return api.PatchAsync(patch, workload.Namespace, workload.Name, cancellationToken);
    }

    public static string PatchFor(Workload workload, MirrorRewrite rewrite)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(rewrite);
        var podSpec = new JsonObject();
        AddContainers(podSpec, "initContainers", rewrite.Rewrites.Where(r => r.IsInit));
        AddContainers(podSpec, "containers", rewrite.Rewrites.Where(r => !r.IsInit));
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = workload.Metadata.ResourceVersion,
                ["annotations"] = new JsonObject { [OriginalImages.AnnotationName] = rewrite.OriginalImagesAnnotation },
            },
            ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = podSpec } },
        };
        return patch.ToJsonString();
    }

    private static void AddContainers(JsonObject podSpec, string field, IEnumerable<ImageRewrite> rewrites)
    {
        var containers = new JsonArray(rewrites.Select(r => (JsonNode)new JsonObject { ["name"] = r.ContainerName, ["image"] = r.To }).ToArray());
        if (containers.Count > 0)
        {
            podSpec[field] = containers;
        }
    }
}
