using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>Every request, in the API server's order: authenticate, resolve, authorize, (injected faults), serve; each answer is recorded before it is sent.</summary>
internal sealed class KubeHttpPipeline(
    RbacAuthorizer rbac,
    FaultInjector faults,
    ResourceHandler resources,
    WatchStreamer watches,
    RequestLog log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var user = rbac.Authenticate(context.Request.Headers.Authorization.ToString());
        var request = KubeRequestParser.Parse(context.Request);
        try
        {
            await ServeAsync(context, user, request);
        }
        catch (KubeApiException refused)
        {
            await RespondAsync(context, user, request, refused.Code, refused.ToStatus());
        }
    }

    private async Task ServeAsync(HttpContext context, string? user, KubeRequest? request)
    {
        if (user is null)
        {
            throw new KubeApiException(HttpStatusCode.Unauthorized, "Unauthorized", "Unauthorized");
        }

        if (request is null)
        {
            await ServeDiscoveryAsync(context, user);
            return;
        }

        if (!rbac.IsAllowed(user, request))
        {
            throw Forbidden(user, request);
        }

        if (faults.TakeFault(request) is { } fault)
        {
            throw fault;
        }

        if (request.Verb == "watch")
        {
            var subscription = watches.Open(context.Request, request);
            Record(context, user, request, StatusCodes.Status200OK);
            await watches.StreamAsync(context, subscription);
            return;
        }

        var (code, body) = await resources.HandleAsync(context.Request, request);
        await RespondAsync(context, user, request, code, body);
    }

    private async Task ServeDiscoveryAsync(HttpContext context, string user)
    {
        var document = DiscoveryDocuments.For(context.Request.Path.Value ?? "", context.Request.Host.Value ?? "");
        var notFound = new KubeApiException(HttpStatusCode.NotFound, "NotFound", "the server could not find the requested resource");
        await RespondAsync(context, user, null, document is null ? notFound.Code : HttpStatusCode.OK, document ?? notFound.ToStatus());
    }

    private async Task RespondAsync(HttpContext context, string? user, KubeRequest? request, HttpStatusCode code, JsonObject body)
    {
        Record(context, user, request, (int)code);
        context.Response.StatusCode = (int)code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(WireJson.Options));
    }

    private void Record(HttpContext context, string? user, KubeRequest? request, int status) =>
        log.Add(new RecordedRequest(
            request?.Verb ?? context.Request.Method,
            context.Request.Path.Value + context.Request.QueryString.Value,
            user,
            status,
            request?.Resource.Group,
            request?.Resource.Plural,
            request?.Subresource,
            request?.Namespace,
            request?.Name,
            context.Request.ContentType));

    private static KubeApiException Forbidden(string user, KubeRequest request)
    {
        var target = request.Name is null ? request.Resource.GroupResource : $"{request.Resource.GroupResource} \"{request.Name}\"";
        var scope = request.Namespace is null ? "at the cluster scope" : $"in the namespace \"{request.Namespace}\"";
        return new KubeApiException(HttpStatusCode.Forbidden, "Forbidden",
            $"{target} is forbidden: User \"{user}\" cannot {request.Verb} resource \"{request.RbacResource}\" "
            + $"in API group \"{request.Resource.Group}\" {scope}");
    }
}
