using k8s.Models;

namespace ImageClone.Controllers;

/// <summary>A <see cref="V1LabelSelector"/> in the text form of the <c>labelSelector</c> query parameter.</summary>
internal static class LabelSelectorText
{
    public static string Format(V1LabelSelector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var labels = (selector.MatchLabels ?? new Dictionary<string, string>()).Select(label => $"{label.Key}={label.Value}");
        var expressions = (selector.MatchExpressions ?? []).Select(Expression);
        return string.Join(",", labels.Concat(expressions));
    }

    private static string Expression(V1LabelSelectorRequirement requirement) => requirement.OperatorProperty switch
    {
        "In" => $"{requirement.Key} in ({string.Join(",", requirement.Values ?? [])})",
        "NotIn" => $"{requirement.Key} notin ({string.Join(",", requirement.Values ?? [])})",
        "Exists" => requirement.Key,
        "DoesNotExist" => "!" + requirement.Key,
        var other => throw new ArgumentException($"label selector operator \"{other}\" is not supported", nameof(requirement)),
    };
}
