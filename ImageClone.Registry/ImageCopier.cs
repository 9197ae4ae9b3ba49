namespace ImageClone.Registry;

/// <summary>
/// Copies one image: HEAD the source and the target, and when the target lacks the source digest,
/// fetch every manifest (all platforms), put every blob, then push the children and last the
/// manifest the tag points at, verbatim.
/// </summary>
internal sealed class ImageCopier(RegistryClient client, BlobCopier blobs, RegistryOptions options) : IImageCopier
{
    private readonly SharedWork<ImageCopyResult, CopyProgress> _inFlight = new();

    public async Task<ImageCopyResult> CopyAsync(ImageCopyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Source.ToString();
        var source = RepositoryAccess.For(request.Source, name, SourceCredential(request), push: false, options);
        var target = RepositoryAccess.For(request.Target, name, options.TargetCredentialFor(request.Target.Registry), push: true, options);
        var digest = (request.CheckSourceAccess ? null : request.Source.Digest)
            ?? await client.HeadManifestAsync(source, request.Source.ManifestReference, cancellationToken)
            ?? throw new RegistryException(name, source.Registry, RegistryErrorReason.NotFound, System.Net.HttpStatusCode.NotFound, $"manifest {request.Source.ManifestReference} of {source.Repository} not found");
        var targetReference = (request.TagTarget ? request.Target.Tag : null) ?? digest;
        var pinned = ImageReference.Create(request.Target.Registry, request.Target.Repository, request.Target.Tag, digest);
        if (await client.HeadManifestAsync(target, targetReference, cancellationToken) == digest)
        {
            return new ImageCopyResult(digest, pinned, AlreadyPresent: true, 0, 0, 0, 0);
        }

        return await _inFlight.RunAsync(
            $"{pinned}",
            (progress, shared) => new ImageTreeCopy(client, blobs, options, source, target, progress).RunAsync(request.Source, digest, targetReference, pinned, shared),
            request.Progress,
            cancellationToken);
    }

    public async Task<string> ResolveDigestAsync(ImageReference source, IRegistryCredentials? credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var access = RepositoryAccess.For(source, source.ToString(), credentials?.For(source.Registry) ?? options.TargetCredentialFor(source.Registry), push: false, options);
        return await client.HeadManifestAsync(access, source.ManifestReference, cancellationToken)
            ?? throw new RegistryException(source.ToString(), source.Registry, RegistryErrorReason.NotFound, System.Net.HttpStatusCode.NotFound, $"manifest {source.ManifestReference} of {source.Repository} not found");
    }

    public async Task<bool> ExistsAsync(ImageReference image, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var digest = image.Digest ?? throw new ArgumentException($"{image} has no digest", nameof(image));
        var access = RepositoryAccess.For(image, image.ToString(), options.TargetCredentialFor(image.Registry), push: false, options);
        return await client.HeadManifestAsync(access, digest, cancellationToken) == digest;
    }

    public async Task<PullCheck> CheckPullAsync(ImageReference image, RegistryCredential? credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var access = RepositoryAccess.For(image, image.ToString(), credential, push: false, options);
        try
        {
            var found = await client.HeadManifestAsync(access, image.ManifestReference, cancellationToken);
            return found is not null && (image.Digest is null || found == image.Digest)
                ? PullCheck.Pullable
                : PullCheck.Refused(System.Net.HttpStatusCode.NotFound, $"{image}: registry {image.Registry} has no manifest {image.ManifestReference}");
        }
        catch (RegistryException e) when (!e.IsTransient)
        {
            return PullCheck.Refused(e.StatusCode, e.Message);
        }
    }

    public async Task<RepositoryVisibility> TargetVisibilityAsync(ImageReference target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var name = target.ToString();
        var (anonymous, basicOnly) = await client.ProbeTagsAsync(RepositoryAccess.For(target, name, null, push: false, options), cancellationToken);
        if (anonymous == System.Net.HttpStatusCode.OK)
        {
            return RepositoryVisibility.Public;
        }

        if (basicOnly)
        {
            return RepositoryVisibility.Private;
        }

        var (authenticated, _) = await client.ProbeTagsAsync(RepositoryAccess.For(target, name, options.TargetCredentialFor(target.Registry), push: false, options), cancellationToken);
        return authenticated == System.Net.HttpStatusCode.OK ? RepositoryVisibility.Private : RepositoryVisibility.Unknown;
    }

    /// <summary>The pull secret for the source registry; else the target credential when the source lives there too.</summary>
    private RegistryCredential? SourceCredential(ImageCopyRequest request) =>
        request.SourceCredentials?.For(request.Source.Registry)
        ?? (options.TargetRegistry is not null ? options.TargetCredentialFor(request.Source.Registry) : null);
}
