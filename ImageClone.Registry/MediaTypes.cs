namespace ImageClone.Registry;

/// <summary>The manifest media types this copier understands, and the one it refuses by name.</summary>
internal static class MediaTypes
{
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json";
    public const string DockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    /// <summary>All four, always: distribution answers 404 for OCI types it was not asked for and
    /// converts a Docker list to one platform when the list type is missing.</summary>
    public static readonly IReadOnlyList<string> Accepted = [OciIndex, OciManifest, DockerManifestList, DockerManifest];

    public static bool IsIndex(string mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsImage(string mediaType) => mediaType is OciManifest or DockerManifest;
}
