using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageClone.Mirroring;

/// <summary>
/// The images a workload ran before it was rewritten, kept in the annotation
/// <c>imageclone.io/original-images</c> as <c>{"containers":{"name":"image"},"initContainers":{…}}</c>.
/// </summary>
public sealed class OriginalImages
{
    public const string AnnotationName = "imageclone.io/original-images";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    [JsonPropertyName("containers")]
    public SortedDictionary<string, string> Containers { get; init; } = new(StringComparer.Ordinal);

    [JsonPropertyName("initContainers")]
    public SortedDictionary<string, string> InitContainers { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The images the operator wrote, as <see cref="MirrorRewrite.RewrittenImagesAnnotation"/> records them, in the same shape.</summary>
    public const string RewrittenAnnotationName = "imageclone.io/rewritten-images";

    /// <summary>The recorded originals (or, with <see cref="RewrittenAnnotationName"/>, what was written); empty when the annotation is missing or not ours to read.</summary>
    public static OriginalImages FromAnnotations(IReadOnlyDictionary<string, string> annotations, string annotationName = AnnotationName)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        if (!annotations.TryGetValue(annotationName, out var value) || string.IsNullOrWhiteSpace(value))
        {
            return new OriginalImages();
        }

        try
        {
            var parsed = JsonSerializer.Deserialize<OriginalImages>(value, Json);
            return new OriginalImages
            {
                Containers = new(parsed?.Containers ?? [], StringComparer.Ordinal),
                InitContainers = new(parsed?.InitContainers ?? [], StringComparer.Ordinal),
            };
        }
        catch (JsonException)
        {
            return new OriginalImages();
        }
    }

    /// <summary>The image recorded for a container, if any.</summary>
    public string? For(string containerName, bool isInit) =>
        (isInit ? InitContainers : Containers).TryGetValue(containerName, out var image) ? image : null;

    /// <summary>What these rewrites write.</summary>
    public static OriginalImages WrittenBy(IEnumerable<ImageRewrite> rewrites)
    {
        var written = new OriginalImages();
        foreach (var rewrite in rewrites)
        {
            (rewrite.IsInit ? written.InitContainers : written.Containers)[rewrite.ContainerName] = rewrite.To;
        }

        return written;
    }

    /// <summary>Records the originals of these rewrites; containers rewritten before keep their entries.</summary>
    public OriginalImages With(IEnumerable<ImageRewrite> rewrites)
    {
        var merged = new OriginalImages
        {
            Containers = new(Containers, StringComparer.Ordinal),
            InitContainers = new(InitContainers, StringComparer.Ordinal),
        };
        foreach (var rewrite in rewrites)
        {
            (rewrite.IsInit ? merged.InitContainers : merged.Containers)[rewrite.ContainerName] = rewrite.From;
        }

        return merged;
    }

    public string ToAnnotationValue() => JsonSerializer.Serialize(this, Json);
}
