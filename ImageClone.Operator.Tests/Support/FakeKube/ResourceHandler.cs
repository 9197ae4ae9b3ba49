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
            "get" => (HttpStatusCode.OK, store.Get(request.Resource, ns ?? "", request.Name!) ?? throw KubeApiException.NotFound(request.Resource, request.Name!)),
            "list" => (HttpStatusCode.OK, List(http, request)),
            "create" when request.Name is null => (HttpStatusCode.Created, Create(request, await ReadObjectAsync(http))),
            "update" => (HttpStatusCode.OK, Update(request, ns ?? "", await ReadObjectAsync(http))),
            "patch" => (HttpStatusCode.OK, Patch(request, ns ?? "", await ReadBodyAsync(http), http.ContentType)),
            "delete" => (HttpStatusCode.OK, Delete(request, ns ?? "")),
            _ => throw new KubeApiException(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", $"{request.Verb} is not supported on {request.Resource.GroupResource}"),
        };
    }

    private JsonObject List(HttpRequest http, KubeRequest request)
    {
        var filter = new ObjectFilter(request.Namespace, http.Query["fieldSelector"], http.Query["labelSelector"]);
        var (items, resourceVersion) = store.List(request.Resource, filter);
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

    private JsonObject Delete(KubeRequest request, string ns)
    {
        var deleted = store.Delete(request.Resource, ns, request.Name!);
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

    private static async Task<JsonObject> ReadObjectAsync(HttpRequest http)
    {
        var body = await ReadBodyAsync(http);
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
