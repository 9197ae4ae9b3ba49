using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>Applies a PATCH body by its content type, as the API server does before its resourceVersion precondition.</summary>
internal static class PatchApplier
{
    public static JsonObject Apply(JsonObject stored, string body, string? contentType)
    {
        var patch = Parse(body);
        var mediaType = contentType?.Split(';')[0].Trim();
        var patched = mediaType switch
        {
            "application/json-patch+json" => JsonPatch.Apply(stored, patch),
            "application/merge-patch+json" => JsonMergePatch.Apply(stored, patch),
            "application/strategic-merge-patch+json" => StrategicMergePatch.Apply(stored, patch),
            _ => throw new KubeApiException(HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType",
                $"the body of the request was in an unknown format - accepted media types include: "
                + "application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json"),
        };
        return patched as JsonObject ?? throw KubeApiException.Invalid("the patch did not produce an object");
    }

    private static JsonNode? Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw KubeApiException.BadRequest($"error decoding patch (the fake API server reads JSON bodies only): {e.Message}");
        }
    }
}
