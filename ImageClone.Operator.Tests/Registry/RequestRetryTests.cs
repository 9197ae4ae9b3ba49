using System.Net;
using ImageClone.Registry;

namespace ImageClone.Tests.Registry;

public class RequestRetryTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static HttpResponseMessage Found()
    {
        var ok = new HttpResponseMessage(HttpStatusCode.OK);
        ok.Headers.Add("Docker-Content-Digest", Digest);
        return ok;
    }

    private static StubHandler FailingThen(int failures, Func<HttpResponseMessage> failure)
    {
        var calls = 0;
        return new StubHandler(_ => Interlocked.Increment(ref calls) <= failures ? failure() : Found());
    }

    [TestCase(HttpStatusCode.ServiceUnavailable)]
    [TestCase(HttpStatusCode.InternalServerError)]
    [TestCase(HttpStatusCode.RequestTimeout)]
    [TestCase(HttpStatusCode.TooManyRequests)]
    public async Task HeadManifest_TransientStatusTwice_RetriesAndSucceeds(HttpStatusCode status)
    {
        var stub = FailingThen(2, () => new HttpResponseMessage(status));

        var digest = await StubPipeline.Client(stub).HeadManifestAsync(StubPipeline.Repository(), "v1", CancellationToken.None);

        digest.Should().Be(Digest);
        stub.Requests.Should().HaveCount(3);
    }

    [Test]
    public async Task HeadManifest_ConnectionFailsTwice_RetriesAndSucceeds()
    {
        var calls = 0;
        var stub = new StubHandler(_ => Interlocked.Increment(ref calls) <= 2 ? throw new HttpRequestException("Connection reset by peer") : Found());

        var digest = await StubPipeline.Client(stub).HeadManifestAsync(StubPipeline.Repository(), "v1", CancellationToken.None);

        digest.Should().Be(Digest);
    }

    [Test]
    public async Task HeadManifest_AlwaysUnavailable_GivesUpNamingImageRegistryAndStatus()
    {
        var stub = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.BadGateway));

        var head = () => StubPipeline.Client(stub).HeadManifestAsync(StubPipeline.Repository(), "v1", CancellationToken.None);

        var error = (await head.Should().ThrowAsync<RegistryException>()).Which;
        error.Reason.Should().Be(RegistryErrorReason.Unavailable);
        error.IsTransient.Should().BeTrue();
        error.StatusCode.Should().Be(HttpStatusCode.BadGateway);
        error.Message.Should().Contain("reg.test/team/app:v1").And.Contain("registry reg.test").And.Contain("502");
        stub.Requests.Should().HaveCount(TestOptions.For().RequestRetries + 1);
    }

    [Test]
    public async Task HeadManifest_ConnectionRefusedThroughout_NetworkError()
    {
        var stub = new StubHandler(_ => throw new HttpRequestException("Connection refused (reg.test:80)"));

        var head = () => StubPipeline.Client(stub).HeadManifestAsync(StubPipeline.Repository(), "v1", CancellationToken.None);

        var error = (await head.Should().ThrowAsync<RegistryException>()).Which;
        error.Reason.Should().Be(RegistryErrorReason.Network);
        error.Message.Should().Contain("reg.test/team/app:v1").And.Contain("Connection refused");
    }

    [Test]
    public async Task HeadManifest_NotFound_IsNotRetried()
    {
        var stub = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound));

        var digest = await StubPipeline.Client(stub).HeadManifestAsync(StubPipeline.Repository(), "v1", CancellationToken.None);

        digest.Should().BeNull();
        stub.Requests.Should().ContainSingle();
    }

    [Test]
    public async Task CommitBlob_StreamedBody_IsNotRetriedByHandler()
    {
        var stub = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        using var content = new StreamContent(new MemoryStream(new byte[16]));

        var put = () => StubPipeline.Client(stub).CommitBlobAsync(StubPipeline.Repository(push: true), new Uri("http://reg.test/v2/team/app/blobs/uploads/1"), Digest, content, CancellationToken.None);

        (await put.Should().ThrowAsync<RegistryException>()).Which.Reason.Should().Be(RegistryErrorReason.Unavailable);
        stub.Requests.Should().ContainSingle();
    }

    [Test]
    public async Task HeadManifest_PerAttemptTimeout_RetriedThenTimeoutError()
    {
        var options = TestOptions.For(StubPipeline.Host) with { RequestTimeout = TimeSpan.FromMilliseconds(50), RequestRetries = 1 };
        var stub = new StubHandler(_ => throw new TaskCanceledException("simulated attempt timeout", new TimeoutException()));

        var head = () => StubPipeline.Client(stub, options: options).HeadManifestAsync(StubPipeline.Repository(), "v1", CancellationToken.None);

        (await head.Should().ThrowAsync<RegistryException>()).Which.Reason.Should().Be(RegistryErrorReason.Timeout);
    }
}
