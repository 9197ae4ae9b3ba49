namespace ImageClone.Tests.Support;

/// <summary>
/// What <see cref="ImageFactory"/> generates. One platform ("linux/amd64") gives a plain manifest; several give an
/// OCI index / Docker manifest list whose children share the <paramref name="LayerSizes"/> layers and each add a
/// small layer of their own. The same spec and <paramref name="Seed"/> always give the same digests.
/// </summary>
public sealed record ImageSpec(ManifestFormat Format, IReadOnlyList<string> Platforms, IReadOnlyList<long> LayerSizes, int Seed)
{
    public static ImageSpec SinglePlatform(ManifestFormat format, int seed, params long[] layerSizes) =>
        new(format, ["linux/amd64"], layerSizes, seed);

    public static ImageSpec MultiPlatform(ManifestFormat format, int seed, params long[] layerSizes) =>
        new(format, ["linux/amd64", "linux/arm64"], layerSizes, seed);
}
