using System.Text.Json.Nodes;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>RFC 7386 JSON merge patch: objects merge, null removes, anything else replaces.</summary>
internal static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = Apply(result[key]?.DeepClone(), value);
            }
        }

        return result;
    }
}
