using System.Text;
using System.Text.Json.Nodes;

namespace ImageClone.Tests.Support;

/// <summary>Builds the config, manifest and index JSON documents of a generated image.</summary>
internal static class ManifestDocuments
{
    public static GeneratedBlob Config(ManifestFormat format, string platform, IEnumerable<GeneratedBlob> layers)
    {
        var config = PlatformObject(platform);
        config["rootfs"] = new JsonObject
        {
            ["type"] = "layers",
            ["diff_ids"] = new JsonArray([.. layers.Select(l => JsonValue.Create(l.Digest))]),
        };
        config["config"] = new JsonObject();
        var mediaType = format == ManifestFormat.Oci ? FixtureMediaTypes.OciConfig : FixtureMediaTypes.DockerConfig;
        return GeneratedBlob.FromBytes(mediaType, Encoding.UTF8.GetBytes(config.ToJsonString()));
    }

    public static GeneratedBlob Manifest(ManifestFormat format, GeneratedBlob config, IEnumerable<GeneratedBlob> layers)
    {
        var mediaType = format == ManifestFormat.Oci ? FixtureMediaTypes.OciManifest : FixtureMediaTypes.DockerManifest;
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = mediaType,
            ["config"] = Descriptor(config),
            ["layers"] = new JsonArray([.. layers.Select(Descriptor)]),
        };
        return GeneratedBlob.FromBytes(mediaType, Encoding.UTF8.GetBytes(manifest.ToJsonString()));
    }

    public static GeneratedBlob Index(ManifestFormat format, IEnumerable<(string Platform, GeneratedBlob Manifest)> children)
    {
        var mediaType = format == ManifestFormat.Oci ? FixtureMediaTypes.OciIndex : FixtureMediaTypes.DockerManifestList;
        var index = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = mediaType,
            ["manifests"] = new JsonArray([.. children.Select(c => ChildDescriptor(c.Platform, c.Manifest))]),
        };
        return GeneratedBlob.FromBytes(mediaType, Encoding.UTF8.GetBytes(index.ToJsonString()));
    }

    private static JsonObject Descriptor(GeneratedBlob blob) => new()
    {
        ["mediaType"] = blob.MediaType,
        ["digest"] = blob.Digest,
        ["size"] = blob.Size,
    };

    private static JsonObject ChildDescriptor(string platform, GeneratedBlob manifest)
    {
        var descriptor = Descriptor(manifest);
        descriptor["platform"] = PlatformObject(platform);
        return descriptor;
    }

    /// <summary>"os/arch[/variant]" as the architecture/os(/variant) fields of a config or index entry.</summary>
    private static JsonObject PlatformObject(string platform)
    {
        var parts = platform.Split('/');
        var result = new JsonObject { ["architecture"] = parts[1], ["os"] = parts[0] };
        if (parts.Length > 2)
        {
            result["variant"] = parts[2];
        }
        return result;
    }
}
