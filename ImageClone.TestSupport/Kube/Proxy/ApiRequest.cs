namespace ImageClone.Tests.Support.Kube.Proxy;

/// <summary>
/// One request through the <see cref="KubeApiProxy"/>, as the apiserver's request-info resolver would name it:
/// <see cref="Verb"/> is the Kubernetes verb (get, list, watch, create, update, patch, delete, deletecollection) or the
/// HTTP method for non-resource paths; <see cref="Resource"/> is the plural ("deployments"); <see cref="User"/> the
/// label of the token's testbed user (or the name an operator client was given); <see cref="Path"/> includes the query.
/// </summary>
public sealed record ApiRequest(
    string Verb,
    string Path,
    string? User,
    int StatusCode,
    string? ApiGroup,
    string? Resource,
    string? Subresource,
    string? Namespace,
    string? Name,
    string? ContentType)
{
    public bool IsWrite => Verb is "create" or "update" or "patch" or "delete" or "deletecollection";

    public static ApiRequest Parse(string method, string path, bool isWatch, string? user, string? contentType)
    {
        var segments = path.Trim('/').Split('/');
        var (group, rest) = segments switch
        {
            ["api", _, .. var r] => ("", r),
            ["apis", var g, _, .. var r] => (g, r),
            _ => (null, Array.Empty<string>()),
        };

        string? ns = null;
        if (rest is ["namespaces", var n, _, ..])
        {
            ns = n;
            rest = rest[2..];
        }
        else if (rest is ["namespaces", var only])
        {
            rest = ["namespaces", only];
        }

        if (group is null || rest.Length == 0)
        {
            return new ApiRequest(method, path, user, 0, null, null, null, null, null, contentType);
        }

        var name = rest.Length > 1 ? rest[1] : null;
        var subresource = rest.Length > 2 ? rest[2] : null;
        var verb = method switch
        {
            "GET" when name is null && isWatch => "watch",
            "GET" when name is null => "list",
            "GET" => "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" when name is null => "deletecollection",
            "DELETE" => "delete",
            _ => method.ToLowerInvariant(),
        };
        return new ApiRequest(verb, path, user, 0, group, rest[0], subresource, ns, name, contentType);
    }
}
