using System.Text.Json.Nodes;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>Which objects a list or watch sees: its namespace, `fieldSelector` (metadata.name/namespace) and `labelSelector`.</summary>
internal sealed class ObjectFilter(string? ns, string? fieldSelector, string? labelSelector)
{
    private readonly LabelSelector _labels = LabelSelector.Parse(labelSelector);
    private readonly List<(string Field, string Value, bool Negate)> _fields = ParseFields(fieldSelector);

    public static ObjectFilter Everything { get; } = new(null, null, null);

    public bool Matches(JsonObject obj)
    {
        var metadata = obj["metadata"] as JsonObject;
        if (ns is not null && metadata?["namespace"]?.GetValue<string>() != ns)
        {
            return false;
        }

        return _fields.TrueForAll(f => (FieldValue(obj, f.Field) == f.Value) != f.Negate)
            && _labels.Matches(metadata?["labels"] as JsonObject);
    }

    private static string? FieldValue(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.'))
        {
            node = node?[part];
        }

        return node?.ToString();
    }

    private static List<(string, string, bool)> ParseFields(string? text)
    {
        var fields = new List<(string, string, bool)>();
        foreach (var term in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var negate = term.Contains("!=", StringComparison.Ordinal);
            var parts = term.Split(negate ? "!=" : term.Contains("==", StringComparison.Ordinal) ? "==" : "=", 2);
            if (parts.Length != 2)
            {
                throw KubeApiException.BadRequest($"invalid field selector \"{term}\"");
            }

            fields.Add((parts[0].Trim(), parts[1].Trim(), negate));
        }

        return fields;
    }
}
