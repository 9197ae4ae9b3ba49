using System.Globalization;
using ImageClone.Registry;
using k8s.Models;

namespace ImageClone.Controllers;

/// <summary>
/// The nodes a pod spec can be scheduled on, as the scheduler's hard rules decide it: the <c>nodeSelector</c>, the
/// required node affinity, and the <c>NoSchedule</c>/<c>NoExecute</c> taints its tolerations must cover. Cordoned nodes
/// count (they may be uncordoned); preferences and resources do not (they do not forbid a node).
/// </summary>
internal static class SchedulableNodes
{
    public static IEnumerable<V1Node> For(V1PodSpec spec, IEnumerable<V1Node> nodes)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return nodes.Where(node => MatchesSelector(spec, node) && MatchesAffinity(spec, node) && ToleratesTaints(spec, node));
    }

    /// <summary>The node's os and architecture from its well-known labels, else from its reported node info.</summary>
    public static ImagePlatform? PlatformOf(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var os = Label(node, "kubernetes.io/os") ?? node.Status?.NodeInfo?.OperatingSystem;
        var architecture = Label(node, "kubernetes.io/arch") ?? node.Status?.NodeInfo?.Architecture;
        return os is { Length: > 0 } && architecture is { Length: > 0 } ? new ImagePlatform(os, architecture) : null;
    }

    private static bool MatchesSelector(V1PodSpec spec, V1Node node) =>
        (spec.NodeSelector ?? new Dictionary<string, string>()).All(pair => Label(node, pair.Key) == pair.Value);

    private static bool MatchesAffinity(V1PodSpec spec, V1Node node) =>
        spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms is not { Count: > 0 } terms
        || terms.Any(term => MatchesTerm(term, node));

    /// <summary>A term holds when all its requirements do; a term without any matches no node.</summary>
    private static bool MatchesTerm(V1NodeSelectorTerm term, V1Node node)
    {
        var labels = term.MatchExpressions ?? [];
        var fields = term.MatchFields ?? [];
        return (labels.Count > 0 || fields.Count > 0)
            && labels.All(requirement => Holds(requirement, Label(node, requirement.Key)))
            && fields.All(requirement => Holds(requirement, requirement.Key == "metadata.name" ? node.Metadata.Name : null));
    }

    private static bool Holds(V1NodeSelectorRequirement requirement, string? value)
    {
        var values = requirement.Values ?? [];
        return requirement.OperatorProperty switch
        {
            "In" => value is not null && values.Contains(value),
            "NotIn" => value is null || !values.Contains(value),
            "Exists" => value is not null,
            "DoesNotExist" => value is null,
            "Gt" => Compare(value, values) > 0,
            "Lt" => Compare(value, values) < 0,
            _ => false,
        };
    }

    /// <summary>The sign of value - values[0] as integers; null when either is not one (then neither Gt nor Lt holds).</summary>
    private static int? Compare(string? value, IList<string> values) =>
        values is [var bound] && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var actual)
            && long.TryParse(bound, NumberStyles.Integer, CultureInfo.InvariantCulture, out var limit)
            ? actual.CompareTo(limit)
            : null;

    private static bool ToleratesTaints(V1PodSpec spec, V1Node node) =>
        (node.Spec?.Taints ?? []).Where(taint => taint.Effect is "NoSchedule" or "NoExecute")
            .All(taint => (spec.Tolerations ?? []).Any(toleration => Tolerates(toleration, taint)));

    private static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (toleration.Effect is { Length: > 0 } effect && effect != taint.Effect)
        {
            return false;
        }

        if (toleration.OperatorProperty == "Exists")
        {
            return string.IsNullOrEmpty(toleration.Key) || toleration.Key == taint.Key;
        }

        return toleration.Key == taint.Key && (toleration.Value ?? "") == (taint.Value ?? "");
    }

    private static string? Label(V1Node node, string key) =>
        node.Metadata.Labels is { } labels && labels.TryGetValue(key, out var value) ? value : null;
}
