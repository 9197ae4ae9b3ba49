using Microsoft.AspNetCore.Http;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>Turns a method and path such as <c>PATCH /apis/apps/v1/namespaces/a/deployments/web</c> into a <see cref="KubeRequest"/>.</summary>
internal static class KubeRequestParser
{
    /// <summary>Null when the path is not a served resource path (discovery, /version, unknown resources and subresources other than status).</summary>
    public static KubeRequest? Parse(HttpRequest request)
    {
        var segments = request.Path.Value?.Trim('/').Split('/') ?? [];
        var (group, version, rest) = segments switch
        {
            ["api", var v, .. var r] => ("", v, r),
            ["apis", var g, var v, .. var r] => (g, v, r),
            _ => ("", "", Array.Empty<string>()),
        };

        string? ns = null;
        if (rest is ["namespaces", var n, _, ..])
        {
            ns = n;
            rest = rest[2..];
        }

        if (rest.Length is 0 or > 3 || KubeResourceCatalog.Find(group, version, rest[0]) is not { } resource)
        {
            return null;
        }

        var name = rest.Length > 1 ? rest[1] : null;
        var subresource = rest.Length > 2 ? rest[2] : null;
        if (subresource is not null && (subresource != "status" || !resource.HasStatus))
        {
            return null;
        }

        return new KubeRequest(VerbOf(request, name), resource, ns, name, subresource);
    }

    private static string VerbOf(HttpRequest request, string? name) => request.Method switch
    {
        "GET" when name is null && IsWatch(request) => "watch",
        "GET" when name is null => "list",
        "GET" => "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" when name is null => "deletecollection",
        "DELETE" => "delete",
        _ => request.Method.ToLowerInvariant(),
    };

    private static bool IsWatch(HttpRequest request) => request.Query["watch"].ToString() is "true" or "1";
}
