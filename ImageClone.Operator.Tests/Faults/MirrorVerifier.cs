using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ImageClone.Tests.EndToEnd;
using ImageClone.Tests.Support;

namespace ImageClone.Tests.Faults;

/// <summary>
/// Checks a copy on the target registry itself, not through the proxy: the digest the workload was rewritten to
/// answers a HEAD, skopeo reads the same manifest digest as the source's, and every blob the manifest lists reads
/// back with its digest.
/// </summary>
internal sealed class MirrorVerifier(EndToEndRegistries registries, ProxiedRegistries proxies)
{
    private static readonly string[] ManifestTypes =
    [
        "application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.docker.distribution.manifest.list.v2+json",
    ];

    public async Task AssertIntactAsync(ProxiedImage image)
    {
        var repository = proxies.DirectRepository(image.Reference);
        using var http = Client();
        var path = repository[(repository.IndexOf('/', StringComparison.Ordinal) + 1)..];

        using (var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v2/{path}/manifests/{image.Digest}")))
        {
            head.StatusCode.Should().Be(HttpStatusCode.OK, $"the target has {repository}@{image.Digest}");
        }

        (await Skopeo.InspectRawDigestAsync($"{repository}@{image.Digest}", EndToEndRegistries.TargetUser, registries.TargetPassword))
            .Should().Be(image.Digest);
        var manifest = JsonDocument.Parse(await http.GetStringAsync($"v2/{path}/manifests/{image.Digest}"));
        var blobs = manifest.RootElement.GetProperty("layers").EnumerateArray().Append(manifest.RootElement.GetProperty("config"))
            .Select(d => d.GetProperty("digest").GetString());
        foreach (var digest in blobs)
        {
            var bytes = await http.GetByteArrayAsync($"v2/{path}/blobs/{digest}");
            ("sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes))).Should().Be(digest, $"blob {digest} of {repository} reads back intact");
        }
    }

    /// <summary>Whether the target has any manifest under the copy's tag.</summary>
    public async Task<bool> TargetHasTagAsync(ProxiedImage image)
    {
        var repository = proxies.DirectRepository(image.Reference);
        using var http = Client();
        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"v2/{repository[(repository.IndexOf('/', StringComparison.Ordinal) + 1)..]}/manifests/1.0"));
        return head.StatusCode == HttpStatusCode.OK;
    }

    private HttpClient Client()
    {
        var http = new HttpClient { BaseAddress = registries.Target.BaseUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{EndToEndRegistries.TargetUser}:{registries.TargetPassword}")));
        foreach (var type in ManifestTypes)
        {
            http.DefaultRequestHeaders.Accept.ParseAdd(type);
        }

        return http;
    }
}
