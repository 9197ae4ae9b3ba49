using System.Net;
using System.Security.Cryptography;

namespace ImageClone.Tests.Support;

public class RegistryProxyFixtureTests
{
    private RegistryProcess _registry = null!;
    private RegistryProxy _proxy = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task StartRegistryBehindProxy()
    {
        _registry = await RegistryProcess.StartAnonymousAsync();
        _proxy = await RegistryProxy.StartAsync(_registry.BaseUri);
        _http = new HttpClient();
    }

    [TearDown]
    public async Task StopAll()
    {
        _http.Dispose();
        await _proxy.DisposeAsync();
        await _registry.DisposeAsync();
    }

    [Test]
    public async Task StartAsync_PushAndInspectThroughProxy_ForwardsAndCountsRequests()
    {
        var pushed = await new ImageFactory(_proxy.Host) { ChunkSize = 1 << 20 }
            .PushAsync("via/proxy", "v1", ImageSpec.MultiPlatform(ManifestFormat.Oci, 21, 3L << 20));

        (await Skopeo.InspectRawDigestAsync(pushed.Reference)).Should().Be(pushed.Digest);
        (await Skopeo.InspectRawDigestAsync($"{_registry.Host}/via/proxy:v1")).Should().Be(pushed.Digest);
        var requests = _proxy.Requests;
        requests.Should().Contain(r => r.Method == "PATCH" && r.Status == 202);
        requests.Should().Contain(r => r.Method == "PUT" && r.Path == "/v2/via/proxy/manifests/v1" && r.Status == 201);
        requests.Should().Contain(r => r.Method == "GET" && r.Path == "/v2/via/proxy/manifests/v1" && r.Status == 200);
        requests.Should().OnlyContain(r => r.Fault == null);
    }

    [Test]
    public async Task StartAsync_HeadManifestThroughProxy_KeepsDigestAndLength()
    {
        var pushed = await new ImageFactory(_registry.Host).PushAsync("head/me", "v1", ImageSpec.SinglePlatform(ManifestFormat.Docker, 23, 100));
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri(_proxy.BaseUri, "v2/head/me/manifests/v1"));
        request.Headers.Accept.ParseAdd(FixtureMediaTypes.DockerManifest);

        using var response = await _http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("Docker-Content-Digest").Should().Equal(pushed.Digest);
        response.Content.Headers.ContentType!.MediaType.Should().Be(FixtureMediaTypes.DockerManifest);
        response.Content.Headers.ContentLength.Should().BePositive();
    }

    [Test]
    public async Task ResetCounts_AfterRequests_EmptiesTheLog()
    {
        using var _ = await _http.GetAsync(new Uri(_proxy.BaseUri, "v2/"));

        _proxy.ResetCounts();

        _proxy.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task AddFault_Answer503Twice_ClientSees503WithRetryAfterThenOk()
    {
        _proxy.AddFault(FaultRule.OnAll(Fault.Answer(503, TimeSpan.FromSeconds(2)), times: 2));
        var v2 = new Uri(_proxy.BaseUri, "v2/");

        using var first = await _http.GetAsync(v2);
        using var second = await _http.GetAsync(v2);
        using var third = await _http.GetAsync(v2);

        first.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        first.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(2));
        second.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        third.StatusCode.Should().Be(HttpStatusCode.OK);
        _proxy.Requests.Select(r => (r.Status, r.Fault)).Should().Equal((503, FaultKind.Answer), (503, FaultKind.Answer), (200, null));
    }

    [Test]
    public async Task AddFault_ResetAfterOnBlob_ClientGetsTruncatedBodyOnce()
    {
        var (blobUri, digest) = await PushLayerAsync(2L << 20);
        _proxy.AddFault(FaultRule.OnBlobs(Fault.ResetAfter(100_000), times: 1));

        var truncated = async () => await _http.GetByteArrayAsync(blobUri);

        await truncated.Should().ThrowAsync<HttpRequestException>();
        DigestOf(await _http.GetByteArrayAsync(blobUri)).Should().Be(digest);
    }

    [Test]
    public async Task AddFault_CorruptByteOnBlob_ClientGetsSameLengthWrongDigest()
    {
        var (blobUri, digest) = await PushLayerAsync(1L << 20);
        _proxy.AddFault(FaultRule.OnBlobs(Fault.CorruptByte(500_000)));

        var bytes = await _http.GetByteArrayAsync(blobUri);

        bytes.LongLength.Should().Be(1L << 20);
        DigestOf(bytes).Should().NotBe(digest);
    }

    [Test]
    public async Task AddFault_StallLongerThanClientTimeout_ClientTimesOutUntilCleared()
    {
        _proxy.AddFault(FaultRule.OnAll(Fault.Stall(TimeSpan.FromMinutes(5))));
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        var v2 = new Uri(_proxy.BaseUri, "v2/");

        var stalled = async () => await impatient.GetAsync(v2);

        await stalled.Should().ThrowAsync<TaskCanceledException>();
        _proxy.ClearFaults();
        using var response = await impatient.GetAsync(v2);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task ForwardAsync_UpstreamStopped_Answers502()
    {
        await _registry.StopAsync();

        using var response = await _http.GetAsync(new Uri(_proxy.BaseUri, "v2/"));

        response.StatusCode.Should().Be(HttpStatusCode.BadGateway);
    }

    private async Task<(Uri BlobUri, string Digest)> PushLayerAsync(long size)
    {
        var pushed = await new ImageFactory(_registry.Host).PushAsync("blob/src", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 22, size));
        var layer = pushed.BlobDigests[1];
        return (new Uri(_proxy.BaseUri, $"v2/blob/src/blobs/{layer}"), layer);
    }

    private static string DigestOf(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
