namespace ImageClone.Registry;

/// <summary>The platform an image manifest is built for, as an index or an image config names it: <c>linux/arm64</c>.</summary>
public sealed record ImagePlatform(string Os, string Architecture, string? Variant = null)
{
    /// <summary>True when a node of <paramref name="node"/>'s os and architecture runs this image (nodes name no variant).</summary>
    public bool RunsOn(ImagePlatform node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return string.Equals(Os, node.Os, StringComparison.OrdinalIgnoreCase)
            && string.Equals(Architecture, node.Architecture, StringComparison.OrdinalIgnoreCase);
    }

    public override string ToString() => Variant is { Length: > 0 } ? $"{Os}/{Architecture}/{Variant}" : $"{Os}/{Architecture}";
}
