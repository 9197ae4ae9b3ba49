using System.Text.Json.Nodes;
using ImageClone.Mirroring;
using k8s;
using k8s.Models;

namespace ImageClone.Controllers;

/// <summary>
/// Applies a <see cref="MirrorRewrite"/> as one strategic merge patch: only the changed containers
/// (by name) with their new image, the original-images annotation, the pull secret the pods need (added to
/// <c>imagePullSecrets</c>, which merge by name, and recorded in <see cref="AddedPullSecretAnnotation"/>), and the
/// resourceVersion that was read, so a workload changed in between is refused with 409 Conflict rather than overwritten.
/// </summary>
internal static class WorkloadWriter
{
    /// <summary>Names the pull secret the operator added to the pod template (so that undoing the rewrite can take it out again).</summary>
    public const string AddedPullSecretAnnotation = "imageclone.io/added-pull-secret";

    /// <summary>When the rewrite was written (round-trip UTC), for the time a DaemonSet rollout may take.</summary>
    public const string RewrittenAtAnnotation = "imageclone.io/rewritten-at";

    public static Task<TEntity> ApplyAsync<TEntity>(IWorkloadApi<TEntity> api, Workload workload, MirrorRewrite rewrite, DateTimeOffset rewrittenAt, CancellationToken cancellationToken)
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(workload);
        var patch = new V1Patch(PatchFor(workload, rewrite, rewrittenAt), V1Patch.PatchType.StrategicMergePatch);
        return api.PatchAsync(patch, workload.Namespace, workload.Name, cancellationToken);
    }

    public static string PatchFor(Workload workload, MirrorRewrite rewrite, DateTimeOffset rewrittenAt)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(rewrite);
        var podSpec = new JsonObject();
        AddContainers(podSpec, "initContainers", rewrite.Rewrites.Where(r => r.IsInit));
        AddContainers(podSpec, "containers", rewrite.Rewrites.Where(r => !r.IsInit));
        var annotations = new JsonObject
        {
            [OriginalImages.AnnotationName] = rewrite.OriginalImagesAnnotation,
            [OriginalImages.RewrittenAnnotationName] = rewrite.RewrittenImagesAnnotation,
            [RewrittenAtAnnotation] = rewrittenAt.UtcDateTime.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (rewrite.PullSecret is { } grant && !Lists(workload, grant.Name))
        {
            podSpec["imagePullSecrets"] = new JsonArray(new JsonObject { ["name"] = grant.Name });
            annotations[AddedPullSecretAnnotation] = grant.Name;
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = workload.Metadata.ResourceVersion,
                ["annotations"] = annotations,
            },
            ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = podSpec } },
        };
        return patch.ToJsonString();
    }

    /// <summary>Whether the pod template already names the secret in its <c>imagePullSecrets</c>.</summary>
    public static bool Lists(Workload workload, string secretName)
    {
        ArgumentNullException.ThrowIfNull(workload);
        return workload.Template.Spec.ImagePullSecrets?.Any(s => s.Name == secretName) == true;
    }

    /// <summary>Sets <paramref name="field"/> to the containers (by name, as they merge) with the image each is pointed <see cref="ImageRewrite.To"/>; nothing when there are none.</summary>
    public static void AddContainers(JsonObject podSpec, string field, IEnumerable<ImageRewrite> rewrites)
    {
        var containers = new JsonArray(rewrites.Select(r => (JsonNode)new JsonObject { ["name"] = r.ContainerName, ["image"] = r.To }).ToArray());
        if (containers.Count > 0)
        {
            podSpec[field] = containers;
        }
    }
}
