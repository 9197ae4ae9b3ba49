using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using ImageClone.Registry;

namespace ImageClone.Tests.Mirroring;

/// <summary>
/// An in-memory <see cref="IImageCopier"/>: records every call, gives each source a stable digest,
/// fails the images it is told to, and holds copies at a gate when asked to.
/// </summary>
internal sealed class FakeImageCopier : IImageCopier
{
    private readonly ConcurrentDictionary<string, RegistryException> failures = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ImageCopyRequest> requests = new();
    private int registryCalls;

    public IReadOnlyList<ImageCopyRequest> Requests => requests.ToList();

    /// <summary>Every call made to the copier, copies included.</summary>
    public int RegistryCalls => registryCalls;

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
        failures[ImageReference.Parse(sourceName).Name] = error;
        return error;
    }

    public async Task<ImageCopyResult> CopyAsync(ImageCopyRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref registryCalls);
        requests.Enqueue(request);
        CopyStarted.TrySetResult();
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (failures.TryGetValue(request.Source.Name, out var failure))
        {
            throw failure;
        }

        var digest = request.Source.Digest ?? DigestOf(request.Source.ToString());
        return new ImageCopyResult(digest, request.Target.WithDigest(digest), AlreadyPresent: false, BytesCopied: 1000, BlobsCopied: 2, BlobsMounted: 0, ManifestsPushed: 1);
    }

    public Task<string> ResolveDigestAsync(ImageReference source, IRegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref registryCalls);
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
        Interlocked.Increment(ref registryCalls);
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
        Interlocked.Increment(ref registryCalls);
        return Task.FromResult(TargetVisibility);
    }

    /// <summary>Images (as pinned references) that <see cref="ExistsAsync"/> reports present in their registry.</summary>
    public ConcurrentDictionary<string, byte> Present { get; } = new(StringComparer.Ordinal);

    public Task<bool> ExistsAsync(ImageReference image, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref registryCalls);
        return Task.FromResult(Present.ContainsKey(image.ToString()));
    }
}
