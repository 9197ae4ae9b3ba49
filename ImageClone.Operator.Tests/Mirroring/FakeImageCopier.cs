using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using ImageClone.Registry;

namespace ImageClone.Tests.Mirroring;

/// <summary>
/// An in-memory <see cref="IImageCopier"/>: records every call, gives each source a stable digest,
/// fails the images it is told to, and holds copies at a gate when asked to. As an <see cref="IManifestReader"/> it
/// answers from <see cref="TagDigests"/> and <see cref="Manifests"/>: a source tag names the stable digest unless set
/// otherwise, a manifest not described is a single-platform image, and the mirror holds only what a test put there.
/// </summary>
internal sealed class FakeImageCopier : IImageCopier, IManifestReader
{
    private readonly ConcurrentDictionary<string, RegistryException> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ImageCopyRequest> _requests = new();
    private int _registryCalls;

    public IReadOnlyList<ImageCopyRequest> Requests => _requests.ToList();

    /// <summary>Every call made to the copier, copies included.</summary>
    public int RegistryCalls => _registryCalls;

    /// <summary>When set, copies wait for it to complete before finishing.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Completes when a copy has started (and reached the gate).</summary>
    public TaskCompletionSource CopyStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static string DigestOf(string text) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Makes copies of <paramref name="sourceName"/> (registry/repository) fail with a registry error.</summary>
    public RegistryException Fail(string sourceName, RegistryErrorReason reason = RegistryErrorReason.NotFound, HttpStatusCode status = HttpStatusCode.NotFound)
    {
        var error = new RegistryException(sourceName, ImageReference.Parse(sourceName).Registry, reason, status, "manifest unknown");
        _failures[ImageReference.Parse(sourceName).Name] = error;
        return error;
    }

    public async Task<ImageCopyResult> CopyAsync(ImageCopyRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _registryCalls);
        _requests.Enqueue(request);
        CopyStarted.TrySetResult();
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (_failures.TryGetValue(request.Source.Name, out var failure))
        {
            throw failure;
        }

        var digest = request.Source.Digest ?? DigestOf(request.Source.ToString());
        return new ImageCopyResult(digest, request.Target.WithDigest(digest), AlreadyPresent: false, BytesCopied: 1000, BlobsCopied: 2, BlobsMounted: 0, ManifestsPushed: 1);
    }

    public Task<string> ResolveDigestAsync(ImageReference source, IRegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _registryCalls);
        return Task.FromResult(source.Digest ?? DigestOf(source.ToString()));
    }

    /// <summary>
    /// Images starting with a key can be pulled only with the credential of that user (a null user: by nobody);
    /// pull checks of every other image pass, anonymous or not.
    /// </summary>
    public ConcurrentDictionary<string, string?> PullableOnlyBy { get; } = new(StringComparer.Ordinal);

    public List<(ImageReference Image, string? User)> PullChecks { get; } = [];

    public Task<PullCheck> CheckPullAsync(ImageReference image, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _registryCalls);
        lock (PullChecks)
        {
            PullChecks.Add((image, credential?.Username));
        }

        var guarded = PullableOnlyBy.FirstOrDefault(entry => image.ToString().StartsWith(entry.Key, StringComparison.Ordinal));
        return Task.FromResult(guarded.Key is null || (guarded.Value is not null && guarded.Value == credential?.Username)
            ? PullCheck.Pullable
            : PullCheck.Refused(HttpStatusCode.Unauthorized, $"{image}: registry {image.Registry} answered HTTP 401 Unauthorized"));
    }

    /// <summary>What <see cref="TargetVisibilityAsync"/> answers (private unless a test says otherwise).</summary>
    public RepositoryVisibility TargetVisibility { get; set; } = RepositoryVisibility.Private;

    public Task<RepositoryVisibility> TargetVisibilityAsync(ImageReference target, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _registryCalls);
        return Task.FromResult(TargetVisibility);
    }

    /// <summary>Images (as pinned references) that <see cref="ExistsAsync"/> reports present in their registry.</summary>
    public ConcurrentDictionary<string, byte> Present { get; } = new(StringComparer.Ordinal);

    public Task<bool> ExistsAsync(ImageReference image, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _registryCalls);
        return Task.FromResult(Present.ContainsKey(image.ToString()));
    }

    /// <summary>What a tag (<c>registry/repository:tag</c>) names, when not the stable digest; null: the registry refuses it.</summary>
    public ConcurrentDictionary<string, string?> TagDigests { get; } = new(StringComparer.Ordinal);

    /// <summary>Manifests by reference (<c>registry/repository:tag</c> or <c>registry/repository@digest</c>), or by digest alone.</summary>
    public ConcurrentDictionary<string, ImageTree> Manifests { get; } = new(StringComparer.Ordinal);

    /// <summary>Platforms of image manifests, by digest.</summary>
    public ConcurrentDictionary<string, ImagePlatform> Platforms { get; } = new(StringComparer.Ordinal);

    public Task<string?> DigestAsync(ImageReference image, IRegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _registryCalls);
        return Task.FromResult(Describe(image)?.Digest);
    }

    public Task<ImageTree?> ReadAsync(ImageReference image, IRegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _registryCalls);
        return Task.FromResult(Describe(image));
    }

    public Task<IReadOnlyList<string>> ConfigDigestsAsync(ImageReference image, ImageTree tree, IRegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _registryCalls);
        var manifests = tree.IsIndex ? tree.Children.Select(child => Describe(image.WithDigest(child.Digest))) : [tree];
        return Task.FromResult<IReadOnlyList<string>>([.. manifests.Select(manifest => manifest?.ConfigDigest).OfType<string>()]);
    }

    public Task<ImagePlatform?> PlatformAsync(ImageReference image, IRegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _registryCalls);
        return Task.FromResult(Describe(image) is { IsIndex: false } manifest ? Platforms.GetValueOrDefault(manifest.Digest) : null);
    }

    /// <summary>A single-platform image manifest whose config digest is derived from its own.</summary>
    public static ImageTree SingleManifest(string digest) => new(digest, false, [], DigestOf("config of " + digest));

    private ImageTree? Describe(ImageReference image)
    {
        if (Manifests.TryGetValue(image.ToString(), out var described) || (image.Digest is { } pinned && Manifests.TryGetValue(pinned, out described)))
        {
            return described;
        }

        if (image.Registry == ImageReference.Parse(MirrorTestFixture.Repository + "/x").Registry || _failures.ContainsKey(image.Name))
        {
            return null;
        }

        if (image.Digest is { } digest)
        {
            return SingleManifest(digest);
        }

        return TagDigests.TryGetValue(image.ToString(), out var named)
            ? named is null ? null : Manifests.GetValueOrDefault(named) ?? SingleManifest(named)
            : SingleManifest(DigestOf(image.ToString()));
    }
}
