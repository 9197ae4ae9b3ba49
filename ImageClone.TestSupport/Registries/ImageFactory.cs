using System.Text;

namespace ImageClone.Tests.Support;

/// <summary>
/// Pushes generated, deterministic images to a registry with plain HttpClient (independent of the product's registry client).
/// Works against anonymous, basic-auth and token-auth registries. BlobDigests lists the first child's config first.
/// </summary>
public sealed class ImageFactory(string registryHost, string? username = null, string? password = null)
{
    private const long PlatformLayerSize = 1024;

    /// <summary>null: each blob in one monolithic PUT; otherwise PATCH chunks of this many bytes, then PUT.</summary>
    public long? ChunkSize { get; init; }

    public async Task<PushedImage> PushAsync(string repository, string tag, ImageSpec spec, CancellationToken ct = default)
    {
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var baseUri = new Uri($"http://{registryHost}/");
        var authorization = await PushAuthorization.ForRepositoryAsync(http, baseUri, repository, username, password, ct);
        var pusher = new RepositoryPusher(http, baseUri, repository, authorization, ChunkSize);
        var layerMediaType = spec.Format == ManifestFormat.Oci ? FixtureMediaTypes.OciLayer : FixtureMediaTypes.DockerLayer;
        var sharedLayers = await SharedLayersAsync(spec, layerMediaType, ct);
        var blobs = new List<GeneratedBlob>();
        var children = new List<(string Platform, GeneratedBlob Manifest)>();

        foreach (var platform in spec.Platforms)
        {
            var layers = spec.Platforms.Count == 1
                ? sharedLayers
                : [.. sharedLayers, await GeneratedBlob.PseudoRandomAsync(layerMediaType, PlatformSeed(spec.Seed, platform), PlatformLayerSize, ct)];
            var config = ManifestDocuments.Config(spec.Format, platform, layers);
            foreach (var blob in layers.Prepend(config))
            {
                if (blobs.All(b => b.Digest != blob.Digest))
                {
                    await pusher.PushBlobAsync(blob, ct);
                    blobs.Add(blob);
                }
            }
            children.Add((platform, ManifestDocuments.Manifest(spec.Format, config, layers)));
        }

        var top = children.Count == 1 ? children[0].Manifest : ManifestDocuments.Index(spec.Format, children);
        if (children.Count > 1)
        {
            foreach (var (_, manifest) in children)
            {
                await pusher.PutManifestAsync(manifest.Digest, manifest, ct);
            }
        }
        await pusher.PutManifestAsync(tag, top, ct);

        return new PushedImage(
            $"{registryHost}/{repository}:{tag}",
            top.Digest,
            top.MediaType,
            children.Count == 1 ? [] : [.. children.Select(c => c.Manifest.Digest)],
            [.. blobs.Select(b => b.Digest)],
            blobs.Sum(b => b.Size));
    }

    private static async Task<List<GeneratedBlob>> SharedLayersAsync(ImageSpec spec, string mediaType, CancellationToken ct)
    {
        var layers = new List<GeneratedBlob>();
        for (var i = 0; i < spec.LayerSizes.Count; i++)
        {
            layers.Add(await GeneratedBlob.PseudoRandomAsync(mediaType, LayerSeed(spec.Seed, i), spec.LayerSizes[i], ct));
        }
        return layers;
    }

    // Scattered seeds: two layers' word sequences could only overlap if their seeds lay within a layer's length of each other.
    private static ulong LayerSeed(int seed, int layerIndex) =>
        PseudoRandomStream.SplitMix64(((ulong)(uint)seed << 20) | (uint)layerIndex);

    private static ulong PlatformSeed(int seed, string platform) =>
        PseudoRandomStream.SplitMix64(((ulong)(uint)seed << 32) ^ Fnv1a(platform) ^ 0xA5A5_0000_0000_0000UL);

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619;
        }
        return hash;
    }
}
