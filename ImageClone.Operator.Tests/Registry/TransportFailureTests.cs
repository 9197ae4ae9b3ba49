using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ImageClone.Registry;
using ImageClone.Tests.Mirroring;
using ImageClone.Tests.Security;
using ImageClone.Tests.Support;

namespace ImageClone.Tests.Registry;

/// <summary>
/// Failures retrying cannot change fail at once with the cause and its fix; those it may change are retried a bounded
/// number of times, each retry told to the observer (the CLI's stderr, the operator's log). Real sockets throughout.
/// </summary>
public class TransportFailureTests
{
    private static RegistryOptions Options(ConcurrentQueue<RetryNotice> notices, params string[] insecure) => TestOptions.For(insecure) with { RetryObserver = notices.Enqueue };

    private static ImageCopyRequest Request(string sourceHost, string targetHost) =>
        new(ImageReference.Parse($"{sourceHost}/team/app:v1"), ImageReference.Parse($"{targetHost}/mirror/app:v1"));

    [Test]
    public async Task CopyAsync_SourceCertificateUntrusted_FailsWithoutRetryNamingTheCertificate()
    {
        var notices = new ConcurrentQueue<RetryNotice>();
        await using var registry = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(registry.Host).PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 71, 1_000));
        await using var front = await RegistryFront.StartTlsAsync(registry.BaseUri);
        var copier = ImageCopierFactory.Create(Options(notices, registry.Host));

        var copy = () => copier.CopyAsync(Request(front.Host, registry.Host), CancellationToken.None);

        var error = (await copy.Should().ThrowAsync<RegistryException>()).Which;
        error.Message.Should().Contain(front.Host).And.Contain("certificate").And.Contain("trust store");
        notices.Should().BeEmpty("an untrusted certificate does not change by retrying");
        pushed.Digest.Should().NotBeEmpty();
    }

    [Test]
    public async Task CopyAsync_PlainHttpRegistryNotListedInsecure_FailsWithoutRetrySayingToListIt()
    {
        var notices = new ConcurrentQueue<RetryNotice>();
        await using var registry = await RegistryProcess.StartAnonymousAsync();
        var copier = ImageCopierFactory.Create(Options(notices));

        var copy = () => copier.CopyAsync(Request(registry.Host, registry.Host), CancellationToken.None);

        var error = (await copy.Should().ThrowAsync<RegistryException>()).Which;
        error.Message.Should().Contain($"is it a plain-HTTP registry? list {registry.Host} in INSECURE_REGISTRIES");
        notices.Should().BeEmpty();
    }

    [Test]
    public async Task CopyAsync_TlsRegistryListedInsecure_FailsWithoutRetrySayingToUnlistIt()
    {
        var notices = new ConcurrentQueue<RetryNotice>();
        await using var registry = await RegistryProcess.StartAnonymousAsync();
        await using var front = await RegistryFront.StartTlsAsync(registry.BaseUri);
        var options = Options(notices, front.Host, registry.Host);
        var copier = ImageCopierFactory.Create(options);

        var copy = () => copier.CopyAsync(Request(front.Host, registry.Host), CancellationToken.None);

        var error = (await copy.Should().ThrowAsync<RegistryException>()).Which;
        error.Message.Should().Contain($"{front.Host} is listed in INSECURE_REGISTRIES: if it serves HTTPS, remove it from there");
        notices.Should().BeEmpty("HTTP spoken to a TLS port gets no HTTP answer however often it is tried");
    }

    [Test]
    public async Task CopyAsync_ConnectionRefused_RetriesConnectionRetriesTimesTellingWhy()
    {
        var notices = new ConcurrentQueue<RetryNotice>();
        var closed = $"127.0.0.1:{FreePort.Next()}";
        var options = Options(notices, closed);
        var copier = ImageCopierFactory.Create(options);

        var copy = () => copier.CopyAsync(Request(closed, closed), CancellationToken.None);

        var error = (await copy.Should().ThrowAsync<RegistryException>()).Which;
        error.Reason.Should().Be(RegistryErrorReason.Network);
        error.Message.Should().Contain(closed).And.Contain("refused");
        notices.Should().HaveCount(options.ConnectionRetries).And.OnlyContain(n => n.Reason == "connection refused" && n.Action.StartsWith($"HEAD http://{closed}/v2/team/app/manifests/v1", StringComparison.Ordinal));
        notices.Select(n => n.Retry).Should().Equal(Enumerable.Range(1, options.ConnectionRetries));
        notices.Last().ToString().Should().Contain($"connection refused; retrying in").And.Contain($"({options.ConnectionRetries} of {options.ConnectionRetries})");
    }

    [Test]
    public async Task CopyAsync_SourceAcceptsButNeverAnswers_GivesUpAfterTimeoutRetriesTellingEach()
    {
        var notices = new ConcurrentQueue<RetryNotice>();
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var host = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        var options = Options(notices, host) with { RequestTimeout = TimeSpan.FromMilliseconds(300) };
        var copier = ImageCopierFactory.Create(options);

        var copy = () => copier.CopyAsync(Request(host, host), CancellationToken.None);

        var error = (await copy.Should().ThrowAsync<RegistryException>()).Which;
        error.Reason.Should().Be(RegistryErrorReason.Timeout);
        notices.Should().HaveCount(options.TimeoutRetries).And.OnlyContain(n => n.Reason == "no answer within 0.3 s");
    }

    [Test]
    public async Task CopyAsync_SourceNeedsLogin_SaysWhetherCredentialsWereSentOrRefused()
    {
        var notices = new ConcurrentQueue<RetryNotice>();
        await using var registry = await RegistryProcess.StartBasicAuthAsync("alice", "s3cret");
        await new ImageFactory(registry.Host, "alice", "s3cret").PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 72, 1_000));
        var copier = ImageCopierFactory.Create(Options(notices, registry.Host));
        var anonymous = Request(registry.Host, registry.Host);
        var wrong = anonymous with { SourceCredentials = new SingleRegistryCredentials(registry.Host, new RegistryCredential("alice", "wrong-password")) };

        var withoutCredentials = (await FluentActions.Awaiting(() => copier.CopyAsync(anonymous, CancellationToken.None)).Should().ThrowAsync<RegistryException>()).Which;
        var withWrongOnes = (await FluentActions.Awaiting(() => copier.CopyAsync(wrong, CancellationToken.None)).Should().ThrowAsync<RegistryException>()).Which;

        withoutCredentials.Message.Should().Contain("401").And.Contain($"(no credentials were sent: {registry.Host} needs a login for this)");
        withWrongOnes.Message.Should().Contain("401").And.Contain("(the credentials of user \"alice\" were refused)").And.NotContain("wrong-password");
    }

    [Test]
    public async Task Requests_CarryTheImagecloneUserAgent()
    {
        var notices = new ConcurrentQueue<RetryNotice>();
        await using var registry = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(registry.Host).PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 73, 1_000));
        var agents = new ConcurrentQueue<string>();
        var copier = ImageCopierFactory.Create(Options(notices, registry.Host), TimeProvider.System, new UserAgentRecorder(agents));

        await copier.CopyAsync(Request(registry.Host, registry.Host), CancellationToken.None);

        agents.Should().NotBeEmpty().And.OnlyContain(agent => agent == "imageclone/0.1.0");
        pushed.Digest.Should().NotBeEmpty();
    }

    private sealed class UserAgentRecorder(ConcurrentQueue<string> agents) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            agents.Enqueue(request.Headers.UserAgent.ToString());
            return base.SendAsync(request, cancellationToken);
        }
    }
}
