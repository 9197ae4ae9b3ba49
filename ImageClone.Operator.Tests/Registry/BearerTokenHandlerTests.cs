using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ImageClone.Registry;
using Microsoft.Extensions.Time.Testing;

namespace ImageClone.Tests.Registry;

[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public class BearerTokenHandlerTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly RegistryCredential Bob = new("bob", "hunter2");
    private int _tokensIssued;

    private HttpResponseMessage TokenRegistry(HttpRequestMessage request, HttpStatusCode tokenStatus = HttpStatusCode.OK)
    {
        if (request.RequestUri!.Host == "auth.test")
        {
            var token = $"token-{Interlocked.Increment(ref _tokensIssued)}";
            return new HttpResponseMessage(tokenStatus) { Content = new StringContent($$"""{"token":"{{token}}","expires_in":300}""", Encoding.UTF8, "application/json") };
        }

        if (request.Headers.Authorization?.Scheme != "Bearer")
        {
            var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
            challenge.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue("Bearer", "realm=\"http://auth.test/token\",service=\"reg\",scope=\"repository:team/app:pull\""));
            return challenge;
        }

        var ok = new HttpResponseMessage(HttpStatusCode.OK);
        ok.Headers.Add("Docker-Content-Digest", Digest);
        return ok;
    }

    [Test]
    public async Task SendAsync_BearerChallenge_FetchesTokenWithCredentialAndScopeThenResends()
    {
        var stub = new StubHandler(request => TokenRegistry(request));

        var digest = await StubPipeline.Client(stub).HeadManifestAsync(StubPipeline.Repository(Bob, push: true), "v1", CancellationToken.None);

        digest.Should().Be(Digest);
        var requests = stub.Requests.ToList();
        requests.Should().HaveCount(3);
        requests[1].Uri.ToString().Should().Be("http://auth.test/token?service=reg&scope=repository%3Ateam%2Fapp%3Apull%2Cpush");
        requests[1].Authorization.Should().Be("Basic Ym9iOmh1bnRlcjI=");
        requests[2].Authorization.Should().Be("Bearer token-1");
    }

    [Test]
    public async Task SendAsync_SecondRequestSameScope_ReusesCachedToken()
    {
        var stub = new StubHandler(request => TokenRegistry(request));
        var client = StubPipeline.Client(stub);

        await client.HeadManifestAsync(StubPipeline.Repository(Bob), "v1", CancellationToken.None);
        await client.HeadManifestAsync(StubPipeline.Repository(Bob), "v2", CancellationToken.None);

        _tokensIssued.Should().Be(1);
        stub.Requests.Last().Authorization.Should().Be("Bearer token-1");
    }

    [Test]
    public async Task SendAsync_CachedTokenExpired_FetchesNewOne()
    {
        var time = new FakeTimeProvider();
        var stub = new StubHandler(request => TokenRegistry(request));
        var client = StubPipeline.Client(stub, time);

        await client.HeadManifestAsync(StubPipeline.Repository(Bob), "v1", CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));
        await client.HeadManifestAsync(StubPipeline.Repository(Bob), "v2", CancellationToken.None);

        _tokensIssued.Should().Be(2);
        stub.Requests.Last().Authorization.Should().Be("Bearer token-2");
    }

    [Test]
    public async Task SendAsync_TokenEndpointRefuses_UnauthorizedErrorWithoutSecret()
    {
        var stub = new StubHandler(request => TokenRegistry(request, HttpStatusCode.Unauthorized));

        var head = () => StubPipeline.Client(stub).HeadManifestAsync(StubPipeline.Repository(Bob), "v1", CancellationToken.None);

        var error = (await head.Should().ThrowAsync<RegistryException>()).Which;
        error.Reason.Should().Be(RegistryErrorReason.Unauthorized);
        error.Message.Should().Contain("401").And.Contain("auth.test").And.NotContain("hunter2");
    }

    [Test]
    public async Task SendAsync_Anonymous_FetchesTokenWithoutAuthorization()
    {
        var stub = new StubHandler(request => TokenRegistry(request));

        await StubPipeline.Client(stub).HeadManifestAsync(StubPipeline.Repository(), "v1", CancellationToken.None);

        stub.Requests.Single(r => r.Uri.Host == "auth.test").Authorization.Should().BeNull();
    }
}
