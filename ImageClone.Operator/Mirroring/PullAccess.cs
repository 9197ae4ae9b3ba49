using ImageClone.Registry;

namespace ImageClone.Mirroring;

/// <summary>
/// Whether the pods a rewrite starts can pull its copies with the credentials they will hold: first with those they
/// have (their pull secrets for REPOSITORY's registry, anonymous without), else with the operator's pull credential
/// given to them as <see cref="PullSecretGrant"/>. Each copy is checked by a HEAD of its pinned digest; a copy found
/// pullable with a credential is remembered as long as a finished copy is, so workloads sharing an image do not each ask.
/// </summary>
internal sealed class PullAccess(IImageCopier copier, MirrorOptions options, TimeProvider time)
{
    private readonly RememberedKeys _pullable = new(time, options.CopyMemoryDuration);

    /// <returns>the grant the pods need (null when they need none), or the problems that leave them unable to pull</returns>
    public async Task<(PullSecretGrant? Grant, IReadOnlyList<string> Problems)> CheckAsync(
        WorkloadSnapshot snapshot, IReadOnlyList<CopiedImage> copies, CancellationToken cancellationToken)
    {
        var registry = options.Repository.Registry;
        var own = snapshot.PullCredentials?.For(registry);
        var refusals = await RefusalsAsync(copies, own, cancellationToken);
        if (refusals.Count == 0)
        {
            return (null, []);
        }

        if (options.PullCredential is not { } pull)
        {
            return (null, [.. refusals.Select(r => $"{Holder(own)}: {r}; no pull credential is configured (PULL_USERNAME/PULL_PASSWORD or REGISTRY_USERNAME/REGISTRY_PASSWORD)")]);
        }

        var withGrant = await RefusalsAsync(copies, pull, cancellationToken);
        return withGrant.Count == 0
            ? (new PullSecretGrant(options.PullSecretName, registry, pull), [])
            : (null, [.. withGrant.Select(r => $"with the operator's pull credential ({pull.Username}): {r}")]);
    }

    private static string Holder(RegistryCredential? own) =>
        own is null ? "pulled anonymously (the workload has no pull secret for the mirror)" : $"with the workload's pull secret ({own.Username})";

    private async Task<List<string>> RefusalsAsync(IReadOnlyList<CopiedImage> copies, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        var checks = await Task.WhenAll(copies.Select(async copy => (copy, check: await CheckAsync(copy.PinnedTarget, credential, cancellationToken))));
        return [.. checks.Where(c => !c.check.CanPull).Select(c => $"{c.copy.PinnedTarget} cannot be pulled: {c.check.Problem}")];
    }

    private async Task<PullCheck> CheckAsync(ImageReference image, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        var key = $"{image} as {CredentialIdentity.Of(credential)}";
        if (_pullable.Holds(key))
        {
            return PullCheck.Pullable;
        }

        var check = await copier.CheckPullAsync(image, credential, cancellationToken);
        if (check.CanPull)
        {
            _pullable.Remember(key);
        }

        return check;
    }
}
