using ImageClone.Tests.Support;

namespace ImageClone.Tests.EndToEnd;

/// <summary>
/// Real registries on loopback for end-to-end runs: an anonymous public source, a private source behind basic
/// auth (pulled with an imagePullSecret), and the mirror target behind basic auth (a pushing and a reading user). Every password is
/// distinctive so the leak tests can search for it. Each push goes to a fresh repository, so tests sharing
/// these registries never see each other's images.
/// </summary>
internal sealed class EndToEndRegistries : IAsyncDisposable
{
    public const string TargetUser = "mirror-pusher";
    public const string PrivateUser = "private-puller";

    /// <summary>A second user of the target, handed to rewritten pods as a read credential (PULL_USERNAME).</summary>
    public const string PullUser = "mirror-reader";
    private const string MirrorPath = "mirror";

    private int _pushes;

    private EndToEndRegistries(RegistryProcess source, RegistryProcess privateSource, RegistryProcess target, string targetPassword, string privatePassword, string pullPassword)
    {
        PullPassword = pullPassword;
        Source = source;
        PrivateSource = privateSource;
        Target = target;
        TargetPassword = targetPassword;
        PrivatePassword = privatePassword;
    }

    public RegistryProcess Source { get; }

    public RegistryProcess PrivateSource { get; }

    public RegistryProcess Target { get; }

    public string TargetPassword { get; }

    public string PrivatePassword { get; }

    public string PullPassword { get; }

    /// <summary>REPOSITORY: where the operator mirrors to.</summary>
    public string Repository => $"{Target.Host}/{MirrorPath}";

    /// <summary>INSECURE_REGISTRIES: every registry here speaks plain HTTP.</summary>
    public string InsecureRegistries => string.Join(',', Source.Host, PrivateSource.Host, Target.Host);

    public static async Task<EndToEndRegistries> StartAsync()
    {
        var targetPassword = $"tgt-{Guid.NewGuid():N}";
        var privatePassword = $"priv-{Guid.NewGuid():N}";
        var pullPassword = $"pull-{Guid.NewGuid():N}";
        var started = await Task.WhenAll(
            RegistryProcess.StartAnonymousAsync(),
            RegistryProcess.StartBasicAuthAsync(PrivateUser, privatePassword),
            RegistryProcess.StartBasicAuthAsync((TargetUser, targetPassword), (PullUser, pullPassword)));
        return new EndToEndRegistries(started[0], started[1], started[2], targetPassword, privatePassword, pullPassword);
    }

    /// <summary>Pushes a small image (a few KB) to the public source, in a repository of its own.</summary>
    public Task<PushedImage> PushPublicAsync(string name, string tag = "1.0", bool multiPlatform = false) =>
        PushAsync(new ImageFactory(Source.Host), name, tag, multiPlatform);

    /// <summary>Pushes a different image under <paramref name="image"/>'s repository and tag, as an upstream release moves a tag on.</summary>
    public Task<PushedImage> MoveTagAsync(PushedImage image, bool multiPlatform = false)
    {
        ArgumentNullException.ThrowIfNull(image);
        var colon = image.Reference.LastIndexOf(':');
        var repository = image.Reference[(image.Reference.IndexOf('/', StringComparison.Ordinal) + 1)..colon];
        var seed = Interlocked.Increment(ref _pushes);
        var spec = multiPlatform ? ImageSpec.MultiPlatform(ManifestFormat.Oci, seed, 2048) : ImageSpec.SinglePlatform(ManifestFormat.Docker, seed, 2048, 1024);
        return new ImageFactory(Source.Host).PushAsync(repository, image.Reference[(colon + 1)..], spec);
    }

    /// <summary>Pushes a small image to the private source (basic auth with <see cref="PrivateUser"/>).</summary>
    public Task<PushedImage> PushPrivateAsync(string name, string tag = "1.0") =>
        PushAsync(new ImageFactory(PrivateSource.Host, PrivateUser, PrivatePassword), name, tag, multiPlatform: false);

    /// <summary>Pushes a small image straight into the mirror target, under REPOSITORY (pulled with the target's credentials).</summary>
    public Task<PushedImage> PushToTargetAsync(string name) =>
        PushAsync(new ImageFactory(Target.Host, TargetUser, TargetPassword), $"{MirrorPath}/{name}", "1.0", multiPlatform: false);

    /// <summary>
    /// The image the operator should point a workload at: <c>REPOSITORY/&lt;host and path flattened&gt;:tag@digest</c>,
    /// with the source's digest.
    /// </summary>
    public string MirrorOf(PushedImage image)
    {
        var colon = image.Reference.LastIndexOf(':');
        var name = image.Reference[..colon].Replace(":", "__p__", StringComparison.Ordinal).Replace('/', '_');
        return $"{Repository}/{name}:{image.Reference[(colon + 1)..]}@{image.Digest}";
    }

    /// <summary>The digest of the manifest the target serves under the tag of a rewritten image (<c>repo:tag@digest</c>), read by skopeo.</summary>
    public Task<string> TargetDigestOfTagAsync(string rewrittenImage)
    {
        var at = rewrittenImage.IndexOf('@', StringComparison.Ordinal);
        return Skopeo.InspectRawDigestAsync(at >= 0 ? rewrittenImage[..at] : rewrittenImage, TargetUser, TargetPassword);
    }

    public Task<bool> TargetHasAsync(string reference) => Skopeo.ExistsAsync(reference, TargetUser, TargetPassword);

    /// <summary>Deletes a manifest (and with it the tags naming it) from a registry, as a cleanup job or garbage collection would.</summary>
    public static async Task DeleteManifestAsync(string reference, string? username = null, string? password = null)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var name = reference[..at];
        name = name.LastIndexOf(':') > name.LastIndexOf('/') ? name[..name.LastIndexOf(':')] : name;
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"http://{name[..slash]}/v2/{name[(slash + 1)..]}/manifests/{reference[(at + 1)..]}");
        if (username is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{username}:{password}")));
        }

        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        await Source.DisposeAsync();
        await PrivateSource.DisposeAsync();
        await Target.DisposeAsync();
    }

    private async Task<PushedImage> PushAsync(ImageFactory factory, string name, string tag, bool multiPlatform)
    {
        var seed = Interlocked.Increment(ref _pushes);
        var repository = name.StartsWith($"{MirrorPath}/", StringComparison.Ordinal) ? $"{name}-{seed}" : $"e2e/{name}-{seed}";
        var spec = multiPlatform
            ? ImageSpec.MultiPlatform(ManifestFormat.Oci, seed, 2048)
            : ImageSpec.SinglePlatform(ManifestFormat.Docker, seed, 2048, 1024);
        return await factory.PushAsync(repository, tag, spec);
    }
}
