using ImageClone.Tests.EndToEnd;
using ImageClone.Tests.Support;

namespace ImageClone.Tests.Faults;

/// <summary>
/// A <see cref="RegistryProxy"/> in front of the end-to-end source and another in front of the target, so a test can
/// inject registry faults and count requests. Workloads name images through <see cref="Source"/>; the operator
/// mirrors to <see cref="Repository"/> through <see cref="Target"/>.
/// </summary>
internal sealed class ProxiedRegistries : IAsyncDisposable
{
    private const string MirrorPath = "mirror";
    private static int _pushes;
    private readonly EndToEndRegistries _registries;

    private ProxiedRegistries(EndToEndRegistries registries, RegistryProxy source, RegistryProxy target)
    {
        _registries = registries;
        Source = source;
        Target = target;
    }

    public RegistryProxy Source { get; }

    public RegistryProxy Target { get; }

    /// <summary>REPOSITORY for the operator: the mirror path on the target, through its proxy.</summary>
    public string Repository => $"{Target.Host}/{MirrorPath}";

    public static async Task<ProxiedRegistries> StartAsync(EndToEndRegistries registries)
    {
        var source = await RegistryProxy.StartAsync(registries.Source.BaseUri);
        var target = await RegistryProxy.StartAsync(registries.Target.BaseUri);
        return new ProxiedRegistries(registries, source, target);
    }

    /// <summary>
    /// The harness options with REPOSITORY pointing through the target proxy, and INSECURE_REGISTRIES listing every
    /// registry and proxy here plus any hosts <paramref name="options"/> already lists.
    /// </summary>
    public OperatorHarnessOptions Configure(OperatorHarnessOptions options)
    {
        var extra = options.Environment.TryGetValue("INSECURE_REGISTRIES", out var hosts) ? $",{hosts}" : "";
        return options
            .WithEnvironment("REPOSITORY", Repository)
            .WithEnvironment("INSECURE_REGISTRIES", $"{_registries.InsecureRegistries},{Source.Host},{Target.Host}{extra}");
    }

    /// <summary>Pushes a generated image (default: two small layers) into a repository of its own.</summary>
    public async Task<ProxiedImage> PushAsync(string name, params long[] layerSizes)
    {
        var seed = 700_000 + Interlocked.Increment(ref _pushes);
        var repository = $"faults/{name}-{seed}";
        var spec = ImageSpec.SinglePlatform(ManifestFormat.Oci, seed, layerSizes.Length == 0 ? [4096, 1024] : layerSizes);
        var pushed = await new ImageFactory(_registries.Source.Host).PushAsync(repository, "1.0", spec);
        var reference = $"{Source.Host}/{repository}:1.0";
        return new ProxiedImage(name, reference, pushed);
    }

    public string MirrorOf(ProxiedImage image) => MirrorOf(image.Reference, image.Digest);

    /// <summary>
    /// What the operator must rewrite a source image to: <c>REPOSITORY/&lt;flattened source&gt;:tag@digest</c>, or
    /// <c>REPOSITORY/&lt;flattened source&gt;@digest</c> for an image named by digest only.
    /// </summary>
    public string MirrorOf(string sourceReference, string digest)
    {
        var name = MirrorName(sourceReference);
        return sourceReference.Contains('@', StringComparison.Ordinal)
            ? $"{Repository}/{name}@{digest}"
            : $"{Repository}/{name}:{sourceReference[(sourceReference.LastIndexOf(':') + 1)..]}@{digest}";
    }

    /// <summary>The copy's repository on the target registry itself (not through the proxy), e.g. for verification.</summary>
    public string DirectRepository(string sourceReference) => $"{_registries.Target.Host}/{MirrorPath}/{MirrorName(sourceReference)}";

    public async ValueTask DisposeAsync()
    {
        await Source.DisposeAsync();
        await Target.DisposeAsync();
    }

    /// <summary>host:port/path[:tag|@digest] -> host__p__port_path, as TargetNaming flattens it.</summary>
    private static string MirrorName(string sourceReference)
    {
        var at = sourceReference.IndexOf('@', StringComparison.Ordinal);
        var name = at >= 0 ? sourceReference[..at] : sourceReference[..sourceReference.LastIndexOf(':')];
        return name.Replace(":", "__p__", StringComparison.Ordinal).Replace('/', '_');
    }
}
