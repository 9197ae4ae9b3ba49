using System.Text.Json;

namespace ImageClone.Registry;

/// <summary>
/// A manifest as fetched: its exact bytes (pushed verbatim), media type and digest, and the
/// children (of an index) or blobs (config and layers, of an image) it references.
/// </summary>
internal sealed record Manifest(byte[] Content, string MediaType, string Digest, IReadOnlyList<Descriptor> Children, IReadOnlyList<Descriptor> Blobs)
{
    public bool IsIndex => MediaTypes.IsIndex(MediaType);

    /// <summary>Parses the references out of <paramref name="content"/>; null when the type is not supported.</summary>
    public static Manifest? TryParse(byte[] content, string? contentType, out string mediaType)
    {
        using var json = JsonDocument.Parse(content);
        var root = json.RootElement;
        mediaType = MediaTypeOf(root, contentType);
        if (MediaTypes.IsIndex(mediaType))
        {
            return new Manifest(content, mediaType, Digests.Sha256(content), Descriptors(root, "manifests"), []);
        }

        if (MediaTypes.IsImage(mediaType))
        {
            var blobs = new List<Descriptor>();
            if (root.TryGetProperty("config", out var config))
            {
                blobs.Add(ToDescriptor(config));
            }

            blobs.AddRange(Descriptors(root, "layers"));
            return new Manifest(content, mediaType, Digests.Sha256(content), [], blobs);
        }

        return null;
    }

    /// <summary>The declared type: the <c>mediaType</c> field wins over a generic or missing Content-Type.</summary>
    private static string MediaTypeOf(JsonElement root, string? contentType)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("mediaType", out var field) && field.GetString() is { Length: > 0 } declared)
        {
            return declared;
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("schemaVersion", out var version) && version.ValueKind == JsonValueKind.Number && version.GetInt32() == 1)
        {
            return MediaTypes.DockerSchema1;
        }

        return contentType ?? "";
    }

    private static List<Descriptor> Descriptors(JsonElement root, string property) =>
        root.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(ToDescriptor).ToList()
            : [];

    private static Descriptor ToDescriptor(JsonElement element)
    {
        var digest = element.GetProperty("digest").GetString() ?? "";
        ImageReference.ValidateDigest(digest, digest);
        return new Descriptor(
            element.TryGetProperty("mediaType", out var type) ? type.GetString() ?? "" : "",
            digest,
            element.GetProperty("size").GetInt64(),
            element.TryGetProperty("platform", out var platform) ? PlatformOf(platform) : null);
    }

    /// <summary>The <c>os</c>, <c>architecture</c> and <c>variant</c> of an index entry's platform or of an image config.</summary>
    public static ImagePlatform? PlatformOf(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty("os", out var os) && os.ValueKind == JsonValueKind.String
        && element.TryGetProperty("architecture", out var architecture) && architecture.ValueKind == JsonValueKind.String
            ? new ImagePlatform(os.GetString()!, architecture.GetString()!,
                element.TryGetProperty("variant", out var variant) && variant.ValueKind == JsonValueKind.String ? variant.GetString() : null)
            : null;
}
