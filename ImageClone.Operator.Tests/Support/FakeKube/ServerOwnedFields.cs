using System.Globalization;
using System.Text.Json.Nodes;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>What the API server itself decides on a write: identity, timestamps, generation, defaults, the status subresource split.</summary>
internal static class ServerOwnedFields
{
    public static JsonObject ForCreate(KubeResource resource, JsonObject obj, string? pathNamespace, DateTimeOffset now, bool resetStatus)
    {
        obj["kind"] = resource.Kind;
        obj["apiVersion"] = resource.GroupVersion;
        var metadata = obj["metadata"] as JsonObject ?? [];
        obj["metadata"] = metadata;
        AssignNamespace(resource, metadata, pathNamespace);
        AssignName(metadata);
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        metadata.Remove("resourceVersion");
        if (resource.TracksGeneration)
        {
            metadata["generation"] = 1L;
        }

        ApplyDefaults(resource, obj);
        if (resetStatus && resource.HasStatus)
        {
            obj["status"] = resource.Kind == "Namespace" ? new JsonObject { ["phase"] = "Active" } : new JsonObject();
        }

        return obj;
    }

    /// <summary>The object a PUT or PATCH leaves behind; a main-resource write cannot change status, a /status write only changes status.</summary>
    public static JsonObject ForUpdate(KubeResource resource, JsonObject stored, JsonObject incoming, string? subresource)
    {
        var name = stored["metadata"]!["name"]!.GetValue<string>();
        var incomingMetadata = incoming["metadata"] as JsonObject;
        var incomingVersion = incomingMetadata?["resourceVersion"]?.GetValue<string>();
        if (!string.IsNullOrEmpty(incomingVersion) && incomingVersion != stored["metadata"]!["resourceVersion"]!.GetValue<string>())
        {
            throw KubeApiException.Conflict(resource, name);
        }

        var incomingName = incomingMetadata?["name"]?.GetValue<string>();
        if (incomingName is not null && incomingName != name)
        {
            throw KubeApiException.BadRequest($"the name of the object ({incomingName}) does not match the name on the URL ({name})");
        }

        if (subresource == "status")
        {
            var next = (JsonObject)stored.DeepClone();
            CopyOrRemove(incoming, next, "status");
            return next;
        }

        var updated = (JsonObject)incoming.DeepClone();
        updated["kind"] = resource.Kind;
        updated["apiVersion"] = resource.GroupVersion;
        var metadata = updated["metadata"] as JsonObject ?? [];
        updated["metadata"] = metadata;
        foreach (var owned in new[] { "name", "namespace", "uid", "creationTimestamp", "generation" })
        {
            CopyOrRemove(stored["metadata"]!.AsObject(), metadata, owned);
        }

        if (resource.HasStatus)
        {
            CopyOrRemove(stored, updated, "status");
        }

        ApplyDefaults(resource, updated);
        if (resource.TracksGeneration && !JsonNode.DeepEquals(updated["spec"], stored["spec"]))
        {
            metadata["generation"] = (stored["metadata"]!["generation"]?.GetValue<long>() ?? 0) + 1;
        }

        return updated;
    }

    private static void AssignNamespace(KubeResource resource, JsonObject metadata, string? pathNamespace)
    {
        if (!resource.Namespaced)
        {
            metadata.Remove("namespace");
            return;
        }

        var bodyNamespace = metadata["namespace"]?.GetValue<string>();
        if (pathNamespace is not null && bodyNamespace is not null && bodyNamespace != pathNamespace)
        {
            throw KubeApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        metadata["namespace"] = pathNamespace ?? bodyNamespace ?? "default";
    }

    private static void AssignName(JsonObject metadata)
    {
        if (metadata["name"] is not null)
        {
            return;
        }

        var prefix = metadata["generateName"]?.GetValue<string>()
            ?? throw KubeApiException.Invalid("metadata.name: Required value: name or generateName is required");
        metadata["name"] = prefix + Guid.NewGuid().ToString("N")[..5];
    }

    private static void ApplyDefaults(KubeResource resource, JsonObject obj)
    {
        if (obj["spec"] is JsonObject spec)
        {
            if (resource.Kind == "Deployment")
            {
                spec["replicas"] ??= 1;
                spec["revisionHistoryLimit"] ??= 10;
                spec["progressDeadlineSeconds"] ??= 600;
                spec["strategy"] ??= RollingUpdate(maxUnavailable: "25%", maxSurge: "25%");
            }
            else if (resource.Kind == "DaemonSet")
            {
                spec["revisionHistoryLimit"] ??= 10;
                spec["updateStrategy"] ??= RollingUpdate(maxUnavailable: 1, maxSurge: 0);
            }
        }

        if (resource.Kind == "Secret" && obj["stringData"] is JsonObject stringData)
        {
            var data = obj["data"] as JsonObject ?? [];
            foreach (var (key, value) in stringData)
            {
                data[key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? ""));
            }

            obj["data"] = data;
            obj.Remove("stringData");
        }
    }

    private static JsonObject RollingUpdate(JsonNode maxUnavailable, JsonNode maxSurge) => new()
    {
        ["type"] = "RollingUpdate",
        ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = maxUnavailable, ["maxSurge"] = maxSurge },
    };

    private static void CopyOrRemove(JsonObject from, JsonObject to, string property)
    {
        if (from[property] is { } value)
        {
            to[property] = value.DeepClone();
        }
        else
        {
            to.Remove(property);
        }
    }
}
