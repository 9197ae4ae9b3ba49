using System.Text.Json.Nodes;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>
/// Kubernetes strategic merge patch for the fields the operator touches: lists of objects that Kubernetes
/// merges by a key (containers by name, volumeMounts by mountPath…) merge item by item, honouring
/// `$patch: delete`/`replace`; other lists are replaced; everything else behaves as a JSON merge patch.
/// </summary>
internal static class StrategicMergePatch
{
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["imagePullSecrets"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["ports"] = "containerPort",
        ["hostAliases"] = "ip",
        ["ownerReferences"] = "uid",
        ["conditions"] = "type",
    };

    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        if (patchObject["$patch"]?.GetValue<string>() == "replace")
        {
            var replacement = (JsonObject)patchObject.DeepClone();
            replacement.Remove("$patch");
            return replacement;
        }

        var result = target as JsonObject ?? [];
        foreach (var (key, value) in patchObject)
        {
            if (key.StartsWith('$'))
            {
                continue;
            }

            if (value is null)
            {
                result.Remove(key);
            }
            else if (value is JsonArray items && MergeKeys.TryGetValue(key, out var mergeKey) && IsListOfObjects(items))
            {
                result[key] = MergeList(result[key] as JsonArray, items, mergeKey);
            }
            else
            {
                result[key] = Apply(result[key]?.DeepClone(), value);
            }
        }

        return result;
    }

    private static JsonArray MergeList(JsonArray? target, JsonArray patch, string mergeKey)
    {
        var merged = (JsonArray?)target?.DeepClone() ?? [];
        foreach (var item in patch.OfType<JsonObject>())
        {
            var key = item[mergeKey]?.ToJsonString();
            var existing = merged.OfType<JsonObject>().FirstOrDefault(e => e[mergeKey]?.ToJsonString() == key);
            if (item["$patch"]?.GetValue<string>() == "delete")
            {
                if (existing is not null)
                {
                    merged.Remove(existing);
                }
            }
            else if (existing is not null)
            {
                var index = merged.IndexOf(existing);
                merged[index] = Apply(existing.DeepClone(), item);
            }
            else
            {
                merged.Add(Apply(null, item));
            }
        }

        return merged;
    }

    private static bool IsListOfObjects(JsonArray items) => items.All(i => i is JsonObject);
}
