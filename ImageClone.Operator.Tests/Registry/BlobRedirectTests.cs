using System.Collections.Concurrent;
using ImageClone.Registry;
using ImageClone.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ImageClone.Tests.Registry;

public class BlobRedirectTests
{
    private static readonly byte[] Blob = "blob bytes from object storage"u8.ToArray();

    [Test]
    public async Task GetBlobAsync_RedirectToStorageHost_FollowedWithoutOurAuthorization()
    {
        var storageHeaders = new ConcurrentQueue<string?>();
        await using var storage = await LoopbackServer.StartAsync(app => app.MapGet("/bucket/blob", (HttpRequest request) =>
        {
            storageHeaders.Enqueue(request.Headers.Authorization.FirstOrDefault());
            return Results.Bytes(Blob);
        }));
        var storageUri = new Uri(storage.Urls.Single().Replace("127.0.0.1", "localhost", StringComparison.Ordinal));
        await using var registry = await LoopbackServer.StartAsync(app => app.MapGet("/v2/team/app/blobs/{digest}", (HttpRequest request, HttpResponse response) =>
        {
            if (request.Headers.Authorization.Count == 0)
            {
                response.Headers.WWWAuthenticate = "Basic realm=\"registry\"";
                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            }

            return Results.Redirect(new Uri(storageUri, "/bucket/blob").ToString(), permanent: false, preserveMethod: true);
        }));
        var host = new Uri(registry.Urls.Single()).Authority;
        var options = TestOptions.For(host);
        var client = new RegistryClient(RegistryHttpPipeline.Create(options, TimeProvider.System));
        var access = RepositoryAccess.For(ImageReference.Parse($"{host}/team/app:v1"), "image", new RegistryCredential("alice", "s3cret"), push: false, options);

        using var response = await client.GetBlobAsync(access, "sha256:" + new string('a', 64), CancellationToken.None);

        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(Blob);
        storageHeaders.Should().ContainSingle().Which.Should().BeNull();
    }
}
