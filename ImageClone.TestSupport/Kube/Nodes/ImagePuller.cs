using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ImageClone.Tests.Support.Kube.Nodes;

/// <summary>
/// Pulls as a node's runtime does, written apart from the operator's registry client so the two share no
/// assumption: resolves the reference (all four manifest types accepted), answers Basic or Bearer challenges with
/// only the login it is given (anonymous without), picks the node's platform from an index, checks every digest,
/// reads the config and checks that each layer exists. Loopback registries are spoken to over plain HTTP, every
/// other one over verified TLS.
/// </summary>
internal sealed partial class ImagePuller(HttpClient http)
{
    private const string Accept = "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, "
        + "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";

    public async Task<PulledImage> PullAsync(string image, string architecture, Func<string, RegistryLogin?> loginFor, CancellationToken cancellationToken)
    {
        var reference = Parse(image);
        var session = new Session(http, reference, loginFor(reference.Host));
        var (top, topDigest) = await session.ManifestAsync(reference.DigestOrTag, cancellationToken);
        if (reference.Digest is { } pinned && pinned != topDigest)
        {
            throw new ImagePullException($"failed to pull image \"{image}\": manifest digest {topDigest} does not match {pinned}");
        }

        var (manifest, platformDigest) = (top, topDigest);
        if (top["manifests"] is JsonArray children)
        {
            var child = children.FirstOrDefault(c => (string?)c?["platform"]?["os"] == "linux" && (string?)c?["platform"]?["architecture"] == architecture)
                ?? throw new ImagePullException($"failed to pull image \"{image}\": no match for platform linux/{architecture} in manifest {topDigest}: not found");
            platformDigest = (string)child["digest"]!;
            (manifest, var childDigest) = await session.ManifestAsync(platformDigest, cancellationToken);
            if (childDigest != platformDigest)
            {
                throw new ImagePullException($"failed to pull image \"{image}\": manifest digest {childDigest} does not match {platformDigest}");
            }
        }

        var configDigest = (string?)manifest["config"]?["digest"] ?? throw new ImagePullException($"failed to pull image \"{image}\": manifest {platformDigest} has no config");
        var config = JsonNode.Parse(await session.BlobAsync(configDigest, cancellationToken))!;
        foreach (var layer in manifest["layers"]?.AsArray() ?? [])
        {
            await session.BlobExistsAsync((string)layer!["digest"]!, cancellationToken);
        }

        return new PulledImage($"{reference.Host}/{reference.Repository}", topDigest, platformDigest, configDigest,
            (string?)config["os"] ?? "", (string?)config["architecture"] ?? "");
    }

    private static ImageName Parse(string image)
    {
        var match = ReferencePattern().Match(image);
        if (!match.Success)
        {
            throw new ImagePullException($"Failed to apply default image tag \"{image}\": couldn't parse image reference \"{image}\": invalid reference format");
        }

        var name = match.Groups["name"].Value;
        var first = name.Split('/')[0];
        var (host, repository) = first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost"
            ? (first, name[(first.Length + 1)..])
            : ("docker.io", name.Contains('/', StringComparison.Ordinal) ? name : $"library/{name}");
        var digest = match.Groups["digest"].Success ? match.Groups["digest"].Value : null;
        var tag = match.Groups["tag"].Success ? match.Groups["tag"].Value : "latest";
        return new ImageName(image, host, repository, digest ?? tag, digest);
    }

    [GeneratedRegex("^(?<name>[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$")]
    private static partial Regex ReferencePattern();

    private sealed record ImageName(string Image, string Host, string Repository, string DigestOrTag, string? Digest)
    {
        public Uri BaseUri => new($"{(IsLoopback ? "http" : "https")}://{(Host == "docker.io" ? "registry-1.docker.io" : Host)}/v2/{Repository}/");

        private bool IsLoopback => Host.StartsWith("127.", StringComparison.Ordinal) || Host.StartsWith("localhost", StringComparison.Ordinal);
    }

    /// <summary>The requests of one pull, with the Authorization its first challenge earned.</summary>
    private sealed class Session(HttpClient http, ImageName reference, RegistryLogin? login)
    {
        private AuthenticationHeaderValue? _authorization;

        public async Task<(JsonNode Document, string Digest)> ManifestAsync(string digestOrTag, CancellationToken ct)
        {
            var body = await GetAsync($"manifests/{digestOrTag}", HttpMethod.Get, Accept, ct);
            return (JsonNode.Parse(body) ?? throw Failed($"empty manifest {digestOrTag}"), "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body)));
        }

        public async Task<byte[]> BlobAsync(string digest, CancellationToken ct)
        {
            var body = await GetAsync($"blobs/{digest}", HttpMethod.Get, null, ct);
            var actual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));
            return actual == digest ? body : throw Failed($"blob {digest} has digest {actual}");
        }

        public Task BlobExistsAsync(string digest, CancellationToken ct) => GetAsync($"blobs/{digest}", HttpMethod.Head, null, ct);

        private async Task<byte[]> GetAsync(string path, HttpMethod method, string? accept, CancellationToken ct)
        {
            for (var attempt = 0; ; attempt++)
            {
                using var request = new HttpRequestMessage(method, new Uri(reference.BaseUri, path));
                if (accept is not null)
                {
                    request.Headers.TryAddWithoutValidation("Accept", accept);
                }

                request.Headers.Authorization = _authorization;
                HttpResponseMessage response;
                try
                {
                    response = await http.SendAsync(request, ct);
                }
                catch (HttpRequestException e)
                {
                    throw Failed($"failed to do request: {request.Method} {request.RequestUri}: {e.Message}");
                }

                using (response)
                {
                    if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0 && response.Headers.WwwAuthenticate.FirstOrDefault() is { } challenge)
                    {
                        _authorization = await AnswerAsync(challenge, ct);
                        continue;
                    }

                    if (!response.IsSuccessStatusCode)
                    {
                        throw Failed($"{request.Method} {request.RequestUri}: unexpected status code {(int)response.StatusCode} {response.ReasonPhrase}");
                    }

                    return await response.Content.ReadAsByteArrayAsync(ct);
                }
            }
        }

        private async Task<AuthenticationHeaderValue> AnswerAsync(AuthenticationHeaderValue challenge, CancellationToken ct)
        {
            var basic = login is null ? null : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login.Username}:{login.Password}")));
            if (challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
            {
                return basic ?? throw Failed("unexpected status code 401 Unauthorized (no credentials)");
            }

            var parameters = ChallengeParameter().Matches(challenge.Parameter ?? "").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.OrdinalIgnoreCase);
            var realm = parameters.GetValueOrDefault("realm") ?? throw Failed($"a Bearer challenge without realm: {challenge}");
            var query = $"?service={Uri.EscapeDataString(parameters.GetValueOrDefault("service") ?? "")}&scope={Uri.EscapeDataString($"repository:{reference.Repository}:pull")}";
            using var request = new HttpRequestMessage(HttpMethod.Get, realm + query);
            request.Headers.Authorization = basic;
            using var response = await http.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw Failed($"failed to fetch {(basic is null ? "anonymous" : "oauth")} token: unexpected status code {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            var token = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
            return new AuthenticationHeaderValue("Bearer", (string?)token?["token"] ?? (string?)token?["access_token"] ?? throw Failed("the token response has no token"));
        }

        private ImagePullException Failed(string why) =>
            new($"failed to pull and unpack image \"{reference.Image}\": failed to resolve reference \"{reference.Image}\": {why}");
    }

    [GeneratedRegex("(\\w+)=\"([^\"]*)\"")]
    private static partial Regex ChallengeParameter();
}
