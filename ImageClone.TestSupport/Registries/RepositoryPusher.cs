using System.Net;
using System.Net.Http.Headers;

namespace ImageClone.Tests.Support;

/// <summary>The OCI distribution push steps to one repository, over plain HttpClient: check, initiate, stream (whole or in chunks), commit; manifests.</summary>
internal sealed class RepositoryPusher(HttpClient http, Uri baseUri, string repository, AuthenticationHeaderValue? authorization, long? chunkSize)
{
    public async Task PushBlobAsync(GeneratedBlob blob, CancellationToken ct)
    {
        if (await BlobExistsAsync(blob.Digest, ct))
        {
            return;
        }
        var location = await InitiateUploadAsync(ct);
        await using var content = blob.Open();
        if (chunkSize is { } size)
        {
            location = await StreamChunksAsync(location, content, size, ct);
            await CommitAsync(location, blob.Digest, null, ct);
        }
        else
        {
            await CommitAsync(location, blob.Digest, content, ct);
        }
    }

    public async Task PutManifestAsync(string reference, GeneratedBlob manifest, CancellationToken ct)
    {
        await using var body = manifest.Open();
        using var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
        await SendAsync(HttpMethod.Put, new Uri(baseUri, $"v2/{repository}/manifests/{reference}"), content, HttpStatusCode.Created, ct);
    }

    private async Task<bool> BlobExistsAsync(string digest, CancellationToken ct)
    {
        using var request = Request(HttpMethod.Head, new Uri(baseUri, $"v2/{repository}/blobs/{digest}"));
        using var response = await http.SendAsync(request, ct);
        return response.StatusCode == HttpStatusCode.OK;
    }

    private async Task<Uri> InitiateUploadAsync(CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, new Uri(baseUri, $"v2/{repository}/blobs/uploads/"), null, HttpStatusCode.Accepted, ct);
        return NextLocation(response);
    }

    private async Task<Uri> StreamChunksAsync(Uri location, Stream content, long size, CancellationToken ct)
    {
        var buffer = new byte[size];
        long offset = 0;
        int read;
        while ((read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct)) > 0)
        {
            using var chunk = new ByteArrayContent(buffer, 0, read);
            chunk.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            chunk.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + read - 1}");
            using var response = await SendAsync(HttpMethod.Patch, location, chunk, HttpStatusCode.Accepted, ct);
            location = NextLocation(response);
            offset += read;
        }
        return location;
    }

    private async Task CommitAsync(Uri location, string digest, Stream? content, CancellationToken ct)
    {
        var separator = location.Query.Length > 0 ? '&' : '?';
        var commit = new Uri($"{location}{separator}digest={Uri.EscapeDataString(digest)}");
        using var body = content is null ? null : new StreamContent(content, 1 << 20);
        if (body is not null)
        {
            body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            body.Headers.ContentLength = content!.Length;
        }
        using var response = await SendAsync(HttpMethod.Put, commit, body, HttpStatusCode.Created, ct);
    }

    private Uri NextLocation(HttpResponseMessage response) =>
        new(baseUri, response.Headers.Location ?? throw new HttpRequestException($"{baseUri} gave no upload Location."));

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, Uri uri, HttpContent? content, HttpStatusCode expected, CancellationToken ct)
    {
        using var request = Request(method, uri);
        request.Content = content;
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            response.Dispose();
            throw new HttpRequestException($"{method} {uri.AbsolutePath} answered {(int)response.StatusCode} (expected {(int)expected}): {body}", null, response.StatusCode);
        }
        return response;
    }

    private HttpRequestMessage Request(HttpMethod method, Uri uri) => new(method, uri) { Headers = { Authorization = authorization } };
}
