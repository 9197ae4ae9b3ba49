using System.Text.RegularExpressions;
using k8s.Models;

namespace ImageClone.Controllers;

/// <summary>
/// The manifest digest each container of a pod template runs, when every running pod runs the
/// template's image for it and reports the same digest; containers without such agreement are left out.
/// </summary>
internal static partial class RunningImageIds
{
    public static IReadOnlyDictionary<string, string> Agreed(IReadOnlyCollection<V1Pod> pods, V1PodTemplateSpec template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var running = pods.Where(pod => pod.Status?.Phase == "Running" && pod.Metadata.DeletionTimestamp is null).ToList();
        var agreed = new Dictionary<string, string>(StringComparer.Ordinal);
        if (running.Count == 0)
        {
            return agreed;
        }

        foreach (var (container, isInit) in TemplateContainers(template.Spec))
        {
            var digests = running.Select(pod => DigestRunning(pod, container, isInit)).Distinct().ToList();
            if (digests is [{ } digest])
            {
                agreed[container.Name] = digest;
            }
        }

        return agreed;
    }

    /// <summary>The digest of an <c>imageID</c> such as <c>docker-pullable://repo@sha256:…</c> or <c>repo@sha256:…</c>; null for a bare image ID.</summary>
    public static string? DigestOf(string? imageId)
    {
        var at = imageId?.LastIndexOf('@') ?? -1;
        return at >= 0 && Digest().IsMatch(imageId![(at + 1)..]) ? imageId[(at + 1)..] : null;
    }

    private static string? DigestRunning(V1Pod pod, V1Container templateContainer, bool isInit)
    {
        var podContainers = (isInit ? pod.Spec.InitContainers : pod.Spec.Containers) ?? [];
        var statuses = (isInit ? pod.Status.InitContainerStatuses : pod.Status.ContainerStatuses) ?? [];
        var runsTemplateImage = podContainers.Any(c => c.Name == templateContainer.Name && c.Image == templateContainer.Image);
        var status = statuses.FirstOrDefault(s => s.Name == templateContainer.Name);
        return runsTemplateImage ? DigestOf(status?.ImageID) : null;
    }

    private static IEnumerable<(V1Container Container, bool IsInit)> TemplateContainers(V1PodSpec spec) =>
        (spec.InitContainers ?? []).Select(c => (c, true)).Concat((spec.Containers ?? []).Select(c => (c, false)));

    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex Digest();
}
