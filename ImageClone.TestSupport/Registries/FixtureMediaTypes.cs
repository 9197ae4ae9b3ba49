namespace ImageClone.Tests.Support;

/// <summary>The media types the fixtures write, kept apart from the product's own so tests do not trust the code under test.</summary>
public static class FixtureMediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    public static readonly IReadOnlyList<string> AllManifests = [OciManifest, OciIndex, DockerManifest, DockerManifestList];
}
