using System.Net;
using System.Net.Http.Headers;
using ImageClone.Registry;

namespace ImageClone.Tests.Registry;

public class BasicAuthHandlerTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static readonly RegistryCredential Alice = new("alice", "s3cret");

    private static HttpResponseMessage BasicRegistry(HttpRequestMessage request)
    {
        if (request.Headers.Authorization?.Scheme != "Basic")
        {
            var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
            challenge.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue("Basic", "realm=\"registry\""));
            return challenge;
        }

        var ok = new HttpResponseMessage(HttpStatusCode.OK);
        ok.Headers.Add("Docker-Content-Digest", Digest);
        return ok;
    }

    [Test]
    public async Task SendAsync_BasicChallenge_ResendsWithCredential()
    {
        var stub = new StubHandler(BasicRegistry);

        var digest = await StubPipeline.Client(stub).HeadManifestAsync(StubPipeline.Repository(Alice), "v1", CancellationToken.None);

        digest.Should().Be(Digest);
        stub.Requests.Select(r => r.Authorization).Should().Equal(null, "Basic YWxpY2U6czNjcmV0");
    }

    [Test]
    public async Task SendAsync_HostChallengedBefore_SendsCredentialUpFront()
    {
        var stub = new StubHandler(BasicRegistry);
        var client = StubPipeline.Client(stub);

        await client.HeadManifestAsync(StubPipeline.Repository(Alice), "v1", CancellationToken.None);
        await client.HeadManifestAsync(StubPipeline.Repository(Alice), "v2", CancellationToken.None);

        stub.Requests.Should().HaveCount(3);
    }

    [Test]
    public async Task SendAsync_RequestToAnotherHost_CarriesNoCredential()
    {
        var stub = new StubHandler(BasicRegistry);
        using var invoker = new HttpMessageInvoker(new BasicAuthHandler { InnerHandler = stub });
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://elsewhere.test/v2/");
        request.Options.Set(RegistryRequestContext.Key, new RegistryRequestContext(StubPipeline.Host, [], Alice));

        using var response = await invoker.SendAsync(request, CancellationToken.None);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        stub.Requests.Should().ContainSingle().Which.Authorization.Should().BeNull();
    }

    [Test]
    public async Task SendAsync_WrongCredential_ErrorNamesStatusButNotPassword()
    {
        var stub = new StubHandler(_ =>
        {
            var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized);
            challenge.Headers.WwwAuthenticate.Add(new AuthenticationHeaderValue("Basic", "realm=\"registry\""));
            return challenge;
        });

        var head = () => StubPipeline.Client(stub).HeadManifestAsync(StubPipeline.Repository(Alice), "v1", CancellationToken.None);

        var error = (await head.Should().ThrowAsync<RegistryException>()).Which;
        error.Reason.Should().Be(RegistryErrorReason.Unauthorized);
        error.IsTransient.Should().BeFalse();
        error.Message.Should().Contain("reg.test/team/app:v1").And.Contain("reg.test").And.Contain("401")
            .And.NotContain("s3cret").And.NotContain("YWxpY2U6czNjcmV0");
    }
}
