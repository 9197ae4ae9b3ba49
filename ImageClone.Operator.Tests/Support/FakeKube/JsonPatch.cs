using System.Text.Json.Nodes;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>RFC 6902 JSON patch (add, remove, replace, move, copy, test) over System.Text.Json nodes; any failed operation is 422 Invalid.</summary>
internal static class JsonPatch
{
    public static JsonNode Apply(JsonNode target, JsonNode? patch)
    {
        if (patch is not JsonArray operations)
        {
            throw KubeApiException.BadRequest("a JSON patch must be an array of operations");
        }

        var document = target.DeepClone();
        foreach (var operation in operations.OfType<JsonObject>())
        {
            document = ApplyOne(document, operation);
        }

        return document;
    }

    private static JsonNode ApplyOne(JsonNode document, JsonObject operation)
    {
        var op = operation["op"]?.GetValue<string>();
        var path = operation["path"]?.GetValue<string>() ?? throw KubeApiException.Invalid($"{op}: missing path");
        switch (op)
        {
            case "add":
                return Add(document, path, operation["value"]?.DeepClone());
            case "remove":
                Remove(document, path);
                return document;
            case "replace":
                Remove(document, path);
                return Add(document, path, operation["value"]?.DeepClone());
            case "move":
                var moved = Find(document, From(operation));
                Remove(document, From(operation));
                return Add(document, path, moved?.DeepClone());
            case "copy":
                return Add(document, path, Find(document, From(operation))?.DeepClone());
            case "test":
                if (!JsonNode.DeepEquals(Find(document, path), operation["value"]))
                {
                    throw KubeApiException.Invalid($"the server rejected our request due to an error in our request: testing value {path} failed: test failed");
                }

                return document;
            default:
                throw KubeApiException.BadRequest($"unexpected JSON patch operation \"{op}\"");
        }
    }

    private static string From(JsonObject operation) =>
        operation["from"]?.GetValue<string>() ?? throw KubeApiException.Invalid("move/copy: missing from");

    private static JsonNode Add(JsonNode document, string path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            return value ?? throw KubeApiException.Invalid("add: cannot replace the document with null");
        }

        var (parent, last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array when int.TryParse(last, out var index) && index >= 0 && index <= array.Count:
                array.Insert(index, value);
                break;
            default:
                throw KubeApiException.Invalid($"add operation does not apply: doc is missing path: \"{path}\"");
        }

        return document;
    }

    private static void Remove(JsonNode document, string path)
    {
        var (parent, last) = Parent(document, path);
        var removed = parent switch
        {
            JsonObject obj => obj.Remove(last),
            JsonArray array when int.TryParse(last, out var index) && index >= 0 && index < array.Count => RemoveAt(array, index),
            _ => false,
        };
        if (!removed)
        {
            throw KubeApiException.Invalid($"doc is missing path: \"{path}\": missing value");
        }
    }

    private static bool RemoveAt(JsonArray array, int index)
    {
        array.RemoveAt(index);
        return true;
    }

    private static (JsonNode? Parent, string Last) Parent(JsonNode document, string path)
    {
        var tokens = Tokens(path);
        return (Walk(document, tokens[..^1]), tokens[^1]);
    }

    private static JsonNode? Find(JsonNode document, string path) => Walk(document, Tokens(path));

    private static JsonNode? Walk(JsonNode? node, IEnumerable<string> tokens)
    {
        foreach (var token in tokens)
        {
            node = node switch
            {
                JsonObject obj => obj[token],
                JsonArray array when int.TryParse(token, out var index) && index >= 0 && index < array.Count => array[index],
                _ => null,
            };
        }

        return node;
    }

    private static string[] Tokens(string path)
    {
        if (!path.StartsWith('/'))
        {
            throw KubeApiException.Invalid($"JSON pointer \"{path}\" must start with /");
        }

        return path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
    }
}
