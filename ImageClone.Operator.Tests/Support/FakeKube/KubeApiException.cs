using System.Net;
using System.Text.Json.Nodes;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>A request the server refuses; carries the Status body real API servers send.</summary>
internal sealed class KubeApiException(HttpStatusCode code, string reason, string message) : Exception(message)
{
    public HttpStatusCode Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject ToStatus() => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = Message,
        ["reason"] = Reason,
        ["code"] = (int)Code,
    };

    public static KubeApiException NotFound(KubeResource resource, string name) =>
        new(HttpStatusCode.NotFound, "NotFound", $"{resource.GroupResource} \"{name}\" not found");

    public static KubeApiException AlreadyExists(KubeResource resource, string name) =>
        new(HttpStatusCode.Conflict, "AlreadyExists", $"{resource.GroupResource} \"{name}\" already exists");

    public static KubeApiException Conflict(KubeResource resource, string name) =>
        new(HttpStatusCode.Conflict, "Conflict",
            $"Operation cannot be fulfilled on {resource.GroupResource} \"{name}\": the object has been modified; "
            + "please apply your changes to the latest version and try again");

    public static KubeApiException Expired(long requested, long oldest) =>
        new(HttpStatusCode.Gone, "Expired", $"too old resource version: {requested} ({oldest})");

    public static KubeApiException BadRequest(string message) =>
        new(HttpStatusCode.BadRequest, "BadRequest", message);

    public static KubeApiException Invalid(string message) =>
        new(HttpStatusCode.UnprocessableEntity, "Invalid", message);
}
