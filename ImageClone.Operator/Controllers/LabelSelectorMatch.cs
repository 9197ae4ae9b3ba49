using k8s.Models;

namespace ImageClone.Controllers;

/// <summary>
/// Whether an object's labels satisfy a <see cref="V1LabelSelector"/>, as the API server's <c>labelSelector</c> decides:
/// every <c>matchLabels</c> pair and every expression must hold. An empty selector matches nothing here: a workload's
/// selector is never empty, and its pods are read only through it.
/// </summary>
internal static class LabelSelectorMatch
{
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null || ((selector.MatchLabels?.Count ?? 0) == 0 && (selector.MatchExpressions?.Count ?? 0) == 0))
        {
            return false;
        }

        labels ??= new Dictionary<string, string>();
        return (selector.MatchLabels ?? new Dictionary<string, string>()).All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value)
            && (selector.MatchExpressions ?? []).All(requirement => Holds(requirement, labels));
    }

    private static bool Holds(V1LabelSelectorRequirement requirement, IDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(requirement.Key, out var value);
        return requirement.OperatorProperty switch
        {
            "In" => has && (requirement.Values ?? []).Contains(value),
            "NotIn" => !has || !(requirement.Values ?? []).Contains(value),
            "Exists" => has,
            "DoesNotExist" => !has,
            _ => false,
        };
    }
}
