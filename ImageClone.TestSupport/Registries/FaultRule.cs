namespace ImageClone.Tests.Support;

/// <summary>Applies <paramref name="Fault"/> to the first <paramref name="Times"/> requests with this method (any if null) whose path matches.</summary>
public sealed record FaultRule(string? Method, Func<string, bool> PathMatches, Fault Fault, int Times = int.MaxValue)
{
    /// <summary>Blob reads: GET (or the given method) of /v2/&lt;name&gt;/blobs/sha256:...</summary>
    public static FaultRule OnBlobs(Fault fault, int times = int.MaxValue, string method = "GET") =>
        new(method, path => path.Contains("/blobs/sha256:", StringComparison.Ordinal), fault, times);

    /// <summary>Blob uploads: POST, PATCH and PUT under /v2/&lt;name&gt;/blobs/uploads/.</summary>
    public static FaultRule OnUploads(Fault fault, int times = int.MaxValue, string? method = null) =>
        new(method, path => path.Contains("/blobs/uploads/", StringComparison.Ordinal), fault, times);

    public static FaultRule OnManifests(Fault fault, int times = int.MaxValue, string? method = null) =>
        new(method, path => path.Contains("/manifests/", StringComparison.Ordinal), fault, times);

    public static FaultRule OnAll(Fault fault, int times = int.MaxValue) => new(null, _ => true, fault, times);

    internal bool Matches(string method, string path) =>
        (Method is null || string.Equals(Method, method, StringComparison.OrdinalIgnoreCase)) && PathMatches(path);
}
