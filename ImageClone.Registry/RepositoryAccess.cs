namespace ImageClone.Registry;

/// <summary>One repository as a copy reaches it: its API base, the request context, and the image to name in errors.</summary>
internal sealed record RepositoryAccess(string Image, string Registry, string Repository, Uri BaseUri, RegistryRequestContext Context)
{
    public static RepositoryAccess For(ImageReference image, string imageForErrors, RegistryCredential? credential, bool push, RegistryOptions options)
    {
        var baseUri = RegistryEndpoint.BaseUri(image.Registry, options);
        var scope = $"repository:{image.Repository}:" + (push ? "pull,push" : "pull");
        return new RepositoryAccess(imageForErrors, image.Registry, image.Repository, baseUri, new RegistryRequestContext(baseUri.Authority, [scope], credential));
    }

    public Uri Manifest(string reference) => new(BaseUri, $"v2/{Repository}/manifests/{reference}");

    public Uri Blob(string digest) => new(BaseUri, $"v2/{Repository}/blobs/{digest}");

    public Uri Uploads(string query = "") => new(BaseUri, $"v2/{Repository}/blobs/uploads/{query}");

    /// <summary>A mount needs pull access to the repository it mounts from as well.</summary>
    public RegistryRequestContext MountContext(string fromRepository) =>
        Context with { Scopes = [.. Context.Scopes, $"repository:{fromRepository}:pull"] };

    public HttpRequestMessage Request(HttpMethod method, Uri uri, RegistryRequestContext? context = null)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Options.Set(RegistryRequestContext.Key, context ?? Context);
        return request;
    }
}
