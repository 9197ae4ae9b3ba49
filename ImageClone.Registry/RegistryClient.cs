using System.Net;
using System.Net.Http.Headers;

namespace ImageClone.Registry;

/// <summary>The distribution API, one protocol step per method; every answer goes through <see cref="RegistryErrors"/>.</summary>
internal sealed class RegistryClient(HttpClient http)
{
    private const int MaxManifestBytes = 4 * 1024 * 1024;

    /// <summary>The digest the registry holds for <paramref name="reference"/>, or null when it has none.</summary>
    public async Task<string?> HeadManifestAsync(RepositoryAccess access, string reference, CancellationToken cancellationToken)
    {
        using var request = access.Request(HttpMethod.Head, access.Manifest(reference));
        AcceptManifests(request);
        using var response = await SendAsync(request, access, "HEAD manifest", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await RegistryErrors.EnsureAsync(response, access, "HEAD manifest", cancellationToken, HttpStatusCode.OK);
        return DigestHeader(response) ?? (await GetManifestAsync(access, reference, cancellationToken)).Digest;
    }

    /// <summary>The manifest's exact bytes; by digest, verified against it. Unsupported types are refused.</summary>
    public async Task<Manifest> GetManifestAsync(RepositoryAccess access, string reference, CancellationToken cancellationToken)
    {
        using var request = access.Request(HttpMethod.Get, access.Manifest(reference));
        AcceptManifests(request);
        using var response = await SendAsync(request, access, "GET manifest", cancellationToken);
        await RegistryErrors.EnsureAsync(response, access, "GET manifest", cancellationToken, HttpStatusCode.OK);
        var content = await ReadManifestBytesAsync(response, access, cancellationToken);
        var manifest = ParseManifest(content, response, access, reference);
        if (reference.Contains(':', StringComparison.Ordinal) && !Digests.Matches(content, reference))
        {
            throw new RegistryException(access.Image, access.Registry, RegistryErrorReason.DigestMismatch, null,
                $"manifest {access.Repository}@{reference} has digest {manifest.Digest}");
        }

        return manifest;
    }

    public async Task PutManifestAsync(RepositoryAccess access, string reference, Manifest manifest, CancellationToken cancellationToken)
    {
        using var request = access.Request(HttpMethod.Put, access.Manifest(reference));
        request.Content = new ByteArrayContent(manifest.Content);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
        using var response = await SendAsync(request, access, "PUT manifest", cancellationToken);
        await RegistryErrors.EnsureAsync(response, access, "PUT manifest", cancellationToken, HttpStatusCode.Created, HttpStatusCode.OK);
        if (DigestHeader(response) is { } pushed && pushed != manifest.Digest)
        {
            throw new RegistryException(access.Image, access.Registry, RegistryErrorReason.DigestMismatch, response.StatusCode,
                $"manifest pushed to {access.Repository}:{reference} got digest {pushed}, expected {manifest.Digest}");
        }
    }

    /// <summary>
    /// The status of <c>GET /v2/&lt;repository&gt;/tags/list</c> as this access is let in (never thrown), and whether a 401
    /// came with a Basic challenge (the registry has no anonymous access at all).
    /// </summary>
    public async Task<(HttpStatusCode Status, bool BasicChallenge)> ProbeTagsAsync(RepositoryAccess access, CancellationToken cancellationToken)
    {
        using var request = access.Request(HttpMethod.Get, new Uri(access.BaseUri, $"v2/{access.Repository}/tags/list"));
        using var response = await SendAsync(request, access, "GET tags", cancellationToken);
        return (response.StatusCode, response.StatusCode == HttpStatusCode.Unauthorized && AuthChallenge.Find(response, "Basic") is not null);
    }

    public async Task<bool> BlobExistsAsync(RepositoryAccess access, string digest, CancellationToken cancellationToken)
    {
        using var request = access.Request(HttpMethod.Head, access.Blob(digest));
        using var response = await SendAsync(request, access, "HEAD blob", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await RegistryErrors.EnsureAsync(response, access, "HEAD blob", cancellationToken, HttpStatusCode.OK);
        return true;
    }

    /// <summary>Mounts the blob from another repository of the same registry: null when mounted, else the upload the registry opened instead.</summary>
    public async Task<Uri?> MountBlobAsync(RepositoryAccess access, string digest, string fromRepository, CancellationToken cancellationToken)
    {
        var query = $"?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(fromRepository)}";
        using var request = access.Request(HttpMethod.Post, access.Uploads(query), access.MountContext(fromRepository));
        using var response = await SendAsync(request, access, "mount blob", cancellationToken);
        await RegistryErrors.EnsureAsync(response, access, "mount blob", cancellationToken, HttpStatusCode.Created, HttpStatusCode.Accepted);
        return response.StatusCode == HttpStatusCode.Created ? null : UploadLocation(response, access);
    }

    public async Task<Uri> InitiateUploadAsync(RepositoryAccess access, CancellationToken cancellationToken)
    {
        using var request = access.Request(HttpMethod.Post, access.Uploads());
        using var response = await SendAsync(request, access, "start upload", cancellationToken);
        await RegistryErrors.EnsureAsync(response, access, "start upload", cancellationToken, HttpStatusCode.Accepted);
        return UploadLocation(response, access);
    }

    /// <summary>The blob's response with its body not yet read; the caller streams and disposes it.</summary>
    public async Task<HttpResponseMessage> GetBlobAsync(RepositoryAccess access, string digest, CancellationToken cancellationToken)
    {
        using var request = access.Request(HttpMethod.Get, access.Blob(digest));
        var response = await SendAsync(request, access, "GET blob", cancellationToken, HttpCompletionOption.ResponseHeadersRead);
        try
        {
            await RegistryErrors.EnsureAsync(response, access, "GET blob", cancellationToken, HttpStatusCode.OK);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>The monolithic upload: one PUT of the whole blob (streamed, known length) that commits it.</summary>
    public async Task CommitBlobAsync(RepositoryAccess access, Uri location, string digest, HttpContent content, CancellationToken cancellationToken)
    {
        var separator = string.IsNullOrEmpty(location.Query) ? "?" : "&";
        using var request = access.Request(HttpMethod.Put, new Uri(location + separator + "digest=" + Uri.EscapeDataString(digest)));
        request.Content = content;
        using var response = await SendAsync(request, access, "PUT blob", cancellationToken);
        await RegistryErrors.EnsureAsync(response, access, "PUT blob " + digest + " to", cancellationToken, HttpStatusCode.Created);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, RepositoryAccess access, string action, CancellationToken cancellationToken,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        try
        {
            return await http.SendAsync(request, completion, cancellationToken);
        }
        catch (Exception e) when (RegistryErrors.FromTransport(e, access, action, cancellationToken) is { } error)
        {
            throw error;
        }
    }

    private static void AcceptManifests(HttpRequestMessage request)
    {
        foreach (var type in MediaTypes.Accepted)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }
    }

    private static string? DigestHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault() : null;

    private static Manifest ParseManifest(byte[] content, HttpResponseMessage response, RepositoryAccess access, string reference)
    {
        try
        {
            return Manifest.TryParse(content, response.Content.Headers.ContentType?.MediaType, out var mediaType)
                ?? throw new RegistryException(access.Image, access.Registry, RegistryErrorReason.UnsupportedManifest, null,
                    $"manifest {access.Repository}:{reference} has unsupported media type \"{mediaType}\" (copied: OCI index/manifest, Docker manifest list/v2)");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new RegistryException(access.Image, access.Registry, RegistryErrorReason.Protocol, response.StatusCode,
                $"manifest {access.Repository}:{reference} is not a valid manifest", e);
        }
    }

    private static async Task<byte[]> ReadManifestBytesAsync(HttpResponseMessage response, RepositoryAccess access, CancellationToken cancellationToken)
    {
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return content.Length <= MaxManifestBytes
            ? content
            : throw new RegistryException(access.Image, access.Registry, RegistryErrorReason.Protocol, response.StatusCode, $"manifest of {access.Repository} is larger than {MaxManifestBytes} bytes");
    }

    private static Uri UploadLocation(HttpResponseMessage response, RepositoryAccess access) =>
        response.Headers.Location is { } location
            ? (location.IsAbsoluteUri ? location : new Uri(access.BaseUri, location))
            : throw new RegistryException(access.Image, access.Registry, RegistryErrorReason.Protocol, response.StatusCode, $"upload to {access.Repository} answered without a Location");
}
