using ImageClone.Registry;

namespace ImageClone.Mirroring;

/// <summary>
/// Keeps private images private: an image that its source serves only with credentials is not copied into a target
/// repository that anyone may pull from, nor into one that does not exist yet on a registry that may create it public
/// (Docker Hub does) unless <see cref="MirrorOptions.NewRepositoriesPrivate"/> says the registry creates them private.
/// A verdict that allows the copy is remembered as long as a finished copy is.
/// </summary>
internal sealed class PrivacyGuard(IImageCopier copier, MirrorOptions options, TimeProvider time)
{
    private readonly RememberedKeys _allowed = new(time, options.CopyMemoryDuration);

    /// <returns>null when the copy keeps the image as private as its source; else why not and the fix</returns>
    public async Task<string?> ProblemAsync(ImageReference source, ImageReference target, IRegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        var credential = credentials?.For(source.Registry);
        if (credential is null)
        {
            return null;
        }

        var key = $"{source} -> {target} as {CredentialIdentity.Of(credential)}";
        if (_allowed.Holds(key))
        {
            return null;
        }

        var problem = (await copier.CheckPullAsync(source, null, cancellationToken)).CanPull ? null : await TargetProblemAsync(source, target, cancellationToken);
        if (problem is null)
        {
            _allowed.Remember(key);
        }

        return problem;
    }

    private async Task<string?> TargetProblemAsync(ImageReference source, ImageReference target, CancellationToken cancellationToken) =>
        await copier.TargetVisibilityAsync(target, cancellationToken) switch
        {
            RepositoryVisibility.Public =>
                $"{source} needs credentials at its source, but {target.Registry}/{target.Repository} can be pulled anonymously: "
                + "not copied, so that it does not become public; make that repository private, or exclude the workload",
            RepositoryVisibility.Unknown when !options.NewRepositoriesPrivate =>
                $"{source} needs credentials at its source, and {target.Registry}/{target.Repository} does not exist yet: {target.Registry} may create it public "
                + "(Docker Hub does), so it is not copied; create that repository as private first, or set NEW_REPOSITORIES_PRIVATE=true if the registry creates repositories private",
            _ => null,
        };
}
