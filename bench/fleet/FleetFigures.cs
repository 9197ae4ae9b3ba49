using ImageClone.Tests.Support;
using ImageClone.Tests.Support.Kube.Proxy;

namespace ImageClone.Bench.Fleet;

/// <summary>Counts taken from the request records after a run: the operator's API requests (API proxy) and the target registry's requests (registry proxy).</summary>
internal sealed record FleetFigures(
    IReadOnlyDictionary<(string?, string?, string?), int> WritesPerWorkload,
    int FailedWrites,
    int PodLists,
    int OperatorApiRequests,
    IReadOnlyDictionary<string, int> OperatorRequestsByVerb,
    IReadOnlyDictionary<string, int> ManifestPutsPerRepository,
    IReadOnlyDictionary<string, int> ManifestHeadsPerRepository,
    int BlobUploads,
    int TargetRequests)
{
    public static FleetFigures From(IReadOnlyList<ApiRequest> api, IReadOnlyList<ProxiedRequest> target, string operatorUser, string mirrorPath)
    {
        var operatorRequests = api.Where(r => r.User == operatorUser).ToList();
        var writes = operatorRequests.Where(r => IsWorkloadWrite(r, operatorUser)).ToList();
        return new FleetFigures(
            writes.Where(r => r.StatusCode < 300).GroupBy(r => (r.Resource, r.Namespace, r.Name)).ToDictionary(g => g.Key, g => g.Count()),
            writes.Count(r => r.StatusCode >= 300),
            operatorRequests.Count(r => r is { Verb: "list", Resource: "pods" }),
            operatorRequests.Count,
            operatorRequests.GroupBy(VerbAndResource, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            target.Where(r => IsManifestPut(r, mirrorPath)).GroupBy(r => RepositoryOf(r.Path)).ToDictionary(g => g.Key, g => g.Count()),
            target.Where(r => r.Method == "HEAD" && r.Path.Contains("/manifests/", StringComparison.Ordinal))
                .GroupBy(r => RepositoryOf(r.Path)).ToDictionary(g => g.Key, g => g.Count()),
            target.Count(r => r.Method == "POST" && r.Path.Contains("/blobs/uploads/", StringComparison.Ordinal)),
            target.Count);
    }

    public static bool IsWorkloadWrite(ApiRequest request, string operatorUser) =>
        request.User == operatorUser && request.IsWrite && FleetWorkload.IsWorkload(request.Resource);

    /// <summary>A successful PUT of a top-level (tagged or digest) manifest into the mirror.</summary>
    public static bool IsManifestPut(ProxiedRequest request, string mirrorPath) =>
        request is { Method: "PUT", Status: 201 } && request.Path.StartsWith($"/v2/{mirrorPath}/", StringComparison.Ordinal)
        && request.Path.Contains("/manifests/", StringComparison.Ordinal);

    /// <summary>"/v2/mirror/x/manifests/v1" -> "mirror/x".</summary>
    public static string RepositoryOf(string path) => path[4..path.IndexOf("/manifests/", StringComparison.Ordinal)];

    /// <summary>"list pods", "patch deployments", "update leases"; a non-resource request by method and path.</summary>
    private static string VerbAndResource(ApiRequest request) =>
        request.Resource is null ? $"{request.Verb} {request.Path}"
        : request.Subresource is null ? $"{request.Verb} {request.Resource}"
        : $"{request.Verb} {request.Resource}/{request.Subresource}";
}
