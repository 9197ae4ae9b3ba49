using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>get, list, create, update, patch and delete of one resource request against the store.</summary>
internal sealed class ResourceHandler(ObjectStore store, TimeProvider time)
{
    public async Task<(HttpStatusCode Code, JsonObject Body)> HandleAsync(HttpRequest http, KubeRequest request)
    {
        var ns = request.Resource.Namespaced ? request.Namespace : "";
        return request.Verb switch
        {
            "get" => (HttpStatusCode.OK, Get(http, request, ns ?? "")),
            "list" => (HttpStatusCode.OK, List(http, request)),
            "create" when request.Name is null => (HttpStatusCode.Created, Create(request, await ReadObjectAsync(http))),
            "update" => (HttpStatusCode.OK, Update(request, ns ?? "", await ReadObjectAsync(http))),
            "patch" when IsApply(http) => Apply(http, request, ns ?? "", await ReadBodyAsync(http)),
            "patch" => (HttpStatusCode.OK, Patch(request, ns ?? "", await ReadBodyAsync(http), http.ContentType)),
            "delete" => (HttpStatusCode.OK, Delete(request, ns ?? "", await ReadBodyAsync(http))),
            _ => throw new KubeApiException(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", $"{request.Verb} is not supported on {request.Resource.GroupResource}"),
        };
    }

    private JsonObject Get(HttpRequest http, KubeRequest request, string ns)
    {
        var found = store.Get(request.Resource, ns, request.Name!) ?? throw KubeApiException.NotFound(request.Resource, request.Name!);
        return TablePrinter.IsWanted(http.Headers.Accept.ToString())
            ? TablePrinter.Print(request.Resource, [found], found["metadata"]!["resourceVersion"]!.ToString(), time.GetUtcNow())
            : found;
    }

    private JsonObject List(HttpRequest http, KubeRequest request)
    {
        var filter = new ObjectFilter(request.Namespace, http.Query["fieldSelector"], http.Query["labelSelector"]);
        var (items, resourceVersion) = store.List(request.Resource, filter);
        if (TablePrinter.IsWanted(http.Headers.Accept.ToString()))
        {
            return TablePrinter.Print(request.Resource, items, resourceVersion.ToString(CultureInfo.InvariantCulture), time.GetUtcNow());
        }

        return new JsonObject
        {
            ["kind"] = request.Resource.ListKind,
            ["apiVersion"] = request.Resource.GroupVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) },
            ["items"] = new JsonArray([.. items]),
        };
    }

    private JsonObject Create(KubeRequest request, JsonObject body) =>
        store.Create(request.Resource, ServerOwnedFields.ForCreate(request.Resource, body, request.Namespace, time.GetUtcNow(), resetStatus: true));

    private JsonObject Update(KubeRequest request, string ns, JsonObject body) =>
        store.Update(request.Resource, ns, request.Name!, stored => ServerOwnedFields.ForUpdate(request.Resource, stored, body, request.Subresource));

    private JsonObject Patch(KubeRequest request, string ns, string body, string? contentType) =>
        store.Update(request.Resource, ns, request.Name!, stored =>
            ServerOwnedFields.ForUpdate(request.Resource, stored, PatchApplier.Apply((JsonObject)stored.DeepClone(), body, contentType), request.Subresource));

    /// <summary>
    /// Server-side apply, approximated: creates the object when it is missing, else merges it like a strategic merge patch.
    /// Field ownership is not tracked, so fields a manager stops applying are kept and there are no apply conflicts.
    /// </summary>
    private (HttpStatusCode, JsonObject) Apply(HttpRequest http, KubeRequest request, string ns, string body)
    {
        if (string.IsNullOrEmpty(http.Query["fieldManager"]))
        {
            throw KubeApiException.BadRequest("PATCH, application/apply-patch+yaml: fieldManager is required for apply requests");
        }

        if (store.Get(request.Resource, ns, request.Name!) is not null)
        {
            return (HttpStatusCode.OK, Patch(request, ns, body, "application/strategic-merge-patch+json"));
        }

        var applied = ParseObject(body);
        if (applied["metadata"]?["name"]?.GetValue<string>() != request.Name)
        {
            throw KubeApiException.BadRequest($"the name of the applied object does not match the name on the URL ({request.Name})");
        }

        return (HttpStatusCode.Created, Create(request, applied));
    }

    private static bool IsApply(HttpRequest http) => http.ContentType?.StartsWith("application/apply-patch+yaml", StringComparison.Ordinal) == true;

    private JsonObject Delete(KubeRequest request, string ns, string body)
    {
        var preconditions = body.Length == 0 ? null : ParseObject(body)["preconditions"];
        var deleted = store.Delete(request.Resource, ns, request.Name!, stored => CheckPreconditions(request, stored, preconditions));
        return new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = new JsonObject
            {
                ["name"] = request.Name,
                ["group"] = request.Resource.Group,
                ["kind"] = request.Resource.Plural,
                ["uid"] = deleted["metadata"]?["uid"]?.DeepClone(),
            },
        };
    }

    private static void CheckPreconditions(KubeRequest request, JsonObject stored, JsonNode? preconditions)
    {
        foreach (var field in new[] { "resourceVersion", "uid" })
        {
            var wanted = preconditions?[field]?.GetValue<string>();
            if (wanted is not null && wanted != stored["metadata"]?[field]?.GetValue<string>())
            {
                throw KubeApiException.Conflict(request.Resource, request.Name!);
            }
        }
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpRequest http) => ParseObject(await ReadBodyAsync(http));

    private static JsonObject ParseObject(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject ?? throw KubeApiException.BadRequest("the request body is not a JSON object");
        }
        catch (JsonException e)
        {
            throw KubeApiException.BadRequest($"error decoding the request body: {e.Message}");
        }
    }

    private static async Task<string> ReadBodyAsync(HttpRequest http)
    {
        using var reader = new StreamReader(http.Body);
        return await reader.ReadToEndAsync();
    }
}
