namespace ImageClone.Tests.Support.FakeKube;

/// <summary>
/// One request the server answered. <see cref="Verb"/> is the Kubernetes verb (get, list, watch, create, update,
/// patch, delete) or the HTTP method for non-resource paths; <see cref="Resource"/> is the plural ("deployments").
/// </summary>
public sealed record RecordedRequest(
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
}
