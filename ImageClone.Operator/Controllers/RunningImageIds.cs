using System.Text.RegularExpressions;
using ImageClone.Mirroring;
using k8s.Models;

namespace ImageClone.Controllers;

/// <summary>
/// The image IDs the running pods of a pod template report for each container: every distinct one, for the pin to be
/// checked against what the source tag names. Only pods that run the template's image for the container count.
/// </summary>
internal static partial class RunningImageIds
{
    public static IReadOnlyDictionary<string, IReadOnlyList<RunningImageId>> Reported(IReadOnlyCollection<V1Pod> pods, V1PodTemplateSpec template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var running = pods.Where(pod => pod.Status?.Phase == "Running" && pod.Metadata.DeletionTimestamp is null).ToList();
        var reported = new Dictionary<string, IReadOnlyList<RunningImageId>>(StringComparer.Ordinal);
        foreach (var (container, isInit) in TemplateContainers(template.Spec))
        {
            var statuses = running.Where(pod => RunsTemplateImage(pod, container, isInit)).Select(pod => StatusOf(pod, container, isInit)).ToList();
            if (statuses.Count > 0)
            {
                reported[container.Name] = [.. statuses.Select(status => Parse(status?.ImageID)).OfType<RunningImageId>().Distinct()];
            }
        }

        return reported;
    }

    /// <summary>
    /// An <c>imageID</c> as runtimes write it: <c>repo@sha256:…</c> (containerd, CRI-O) and <c>docker-pullable://repo@sha256:…</c>
    /// name a manifest; a bare <c>sha256:…</c>, <c>docker://sha256:…</c> or 64 hex digits name the image's config. Null when unusable.
    /// </summary>
    public static RunningImageId? Parse(string? imageId)
    {
        if (string.IsNullOrEmpty(imageId))
        {
            return null;
        }

        var at = imageId.LastIndexOf('@');
        if (at >= 0)
        {
            return Digest().IsMatch(imageId[(at + 1)..]) ? new RunningImageId(imageId[(at + 1)..], IsConfig: false) : null;
        }

        var bare = imageId.StartsWith("docker://", StringComparison.Ordinal) ? imageId["docker://".Length..] : imageId;
        return Digest().IsMatch(bare) ? new RunningImageId(bare, IsConfig: true)
            : Hex().IsMatch(bare) ? new RunningImageId($"sha256:{bare}", IsConfig: true)
            : null;
    }

    private static bool RunsTemplateImage(V1Pod pod, V1Container templateContainer, bool isInit) =>
        ((isInit ? pod.Spec.InitContainers : pod.Spec.Containers) ?? []).Any(c => c.Name == templateContainer.Name && c.Image == templateContainer.Image);

    private static V1ContainerStatus? StatusOf(V1Pod pod, V1Container templateContainer, bool isInit) =>
        ((isInit ? pod.Status.InitContainerStatuses : pod.Status.ContainerStatuses) ?? []).FirstOrDefault(s => s.Name == templateContainer.Name);

    private static IEnumerable<(V1Container Container, bool IsInit)> TemplateContainers(V1PodSpec spec) =>
        (spec.InitContainers ?? []).Select(c => (c, true)).Concat((spec.Containers ?? []).Select(c => (c, false)));

    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex Digest();

    [GeneratedRegex("^[a-f0-9]{64}$")]
    private static partial Regex Hex();
}
