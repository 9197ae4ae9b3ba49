using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImageClone.Mirroring;
using k8s;
using k8s.Models;

namespace ImageClone.Controllers;

/// <summary>
/// Undoes a rewrite whose rollout failed, in one strategic merge patch carrying the read resourceVersion (a workload
/// changed since is refused with 409, never overwritten): the rewritten containers get their recorded originals back,
/// the pull secret the operator added is taken out, the follow-up annotations go, and
/// <see cref="ImageMirror.RewriteFailedAnnotation"/> records the reason and time so it is not rewritten again.
/// </summary>
internal static class WorkloadReverter
{
    public static Task<TEntity> ApplyAsync<TEntity>(IWorkloadApi<TEntity> api, Workload workload, string reason, DateTimeOffset at, CancellationToken cancellationToken)
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(api);
        var patch = new V1Patch(PatchFor(workload, reason, at), V1Patch.PatchType.StrategicMergePatch);
        return api.PatchAsync(patch, workload.Namespace, workload.Name, cancellationToken);
    }

    public static string PatchFor(Workload workload, string reason, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(workload);
        var annotations = workload.Metadata.Annotations?.AsReadOnly() ?? new Dictionary<string, string>().AsReadOnly();
        var originals = OriginalImages.FromAnnotations(annotations);
        var written = OriginalImages.FromAnnotations(annotations, OriginalImages.RewrittenAnnotationName);
        var podSpec = new JsonObject();
        WorkloadWriter.AddContainers(podSpec, "initContainers", Restores(written.InitContainers, originals, isInit: true));
        WorkloadWriter.AddContainers(podSpec, "containers", Restores(written.Containers, originals, isInit: false));
        if (annotations.TryGetValue(WorkloadWriter.AddedPullSecretAnnotation, out var secret) && WorkloadWriter.Lists(workload, secret))
        {
            podSpec["imagePullSecrets"] = new JsonArray(new JsonObject { ["$patch"] = "delete", ["name"] = secret });
        }

        var failure = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["reason"] = reason,
            ["at"] = at.UtcDateTime.ToString("o", CultureInfo.InvariantCulture),
        });
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = workload.Metadata.ResourceVersion,
                ["annotations"] = new JsonObject
                {
                    [ImageMirror.RewriteFailedAnnotation] = failure,
                    [OriginalImages.RewrittenAnnotationName] = null,
                    [WorkloadWriter.RewrittenAtAnnotation] = null,
                    [WorkloadWriter.AddedPullSecretAnnotation] = null,
                },
            },
            ["spec"] = new JsonObject { ["template"] = new JsonObject { ["spec"] = podSpec } },
        };
        return patch.ToJsonString();
    }

    /// <summary>Each rewritten container that has a recorded original, pointed back at it.</summary>
    private static IEnumerable<ImageRewrite> Restores(SortedDictionary<string, string> written, OriginalImages originals, bool isInit) =>
        written.Where(w => originals.For(w.Key, isInit) is not null).Select(w => new ImageRewrite(w.Key, isInit, w.Value, originals.For(w.Key, isInit)!));
}
