using System.Collections.Concurrent;
using ImageClone.Registry;
using ImageClone.Tests.Support;

namespace ImageClone.Tests.Registry;

/// <summary>
/// Answers that retrying cannot change (401, 403, 404) fail at the first answer: one request to the source's manifest,
/// no retry told. Real registries behind the recording proxy; retries that would be slow and many if they happened.
/// </summary>
public class RegistryFailFastTests
{
    private readonly ConcurrentQueue<RetryNotice> _notices = new();
    private RegistryProcess _source = null!;
    private RegistryProcess _target = null!;
    private RegistryProxy _sourceProxy = null!;

    [TearDown]
    public async Task StopAll()
    {
        await _sourceProxy.DisposeAsync();
        await _source.DisposeAsync();
        await _target.DisposeAsync();
        _notices.Clear();
    }

    private async Task StartAsync(RegistryProcess sourceRegistry)
    {
        _source = sourceRegistry;
        _target = await RegistryProcess.StartAnonymousAsync();
        _sourceProxy = await RegistryProxy.StartAsync(_source.BaseUri);
    }

    private async Task<RegistryException> CopyFailsAsync()
    {
        // were any of these retried, six retries a minute apart would show as notices (and a hung test)
        var options = TestOptions.For(_sourceProxy.Host, _target.Host) with
        {
            RetryBaseDelay = TimeSpan.FromMinutes(1),
            RetryMaxDelay = TimeSpan.FromMinutes(1),
            GiveUpAfter = TimeSpan.FromHours(1),
            RetryObserver = _notices.Enqueue,
        };
        var copier = ImageCopierFactory.Create(options);
        var request = new ImageCopyRequest(ImageReference.Parse($"{_sourceProxy.Host}/team/app:v1"), ImageReference.Parse($"{_target.Host}/mirror/app:v1"));
        return (await FluentActions.Awaiting(() => copier.CopyAsync(request, CancellationToken.None)).Should().ThrowAsync<RegistryException>()).Which;
    }

    private IEnumerable<ProxiedRequest> ManifestRequests => _sourceProxy.Requests.Where(r => r.Path.Contains("/manifests/", StringComparison.Ordinal));

    [Test]
    public async Task CopyAsync_SourceAnswers404_FailsAtTheFirstAnswer()
    {
        await StartAsync(await RegistryProcess.StartAnonymousAsync());

        var error = await CopyFailsAsync();

        error.Reason.Should().Be(RegistryErrorReason.NotFound);
        ManifestRequests.Should().ContainSingle().Which.Status.Should().Be(404);
        _notices.Should().BeEmpty();
    }

    [Test]
    public async Task CopyAsync_SourceAnswers401_FailsAtTheFirstAnswer()
    {
        await StartAsync(await RegistryProcess.StartBasicAuthAsync("alice", "s3cret"));
        await new ImageFactory(_source.Host, "alice", "s3cret").PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 81, 1_000));

        var error = await CopyFailsAsync();

        error.Reason.Should().Be(RegistryErrorReason.Unauthorized);
        ManifestRequests.Should().ContainSingle().Which.Status.Should().Be(401);
        _notices.Should().BeEmpty();
    }

    [Test]
    public async Task CopyAsync_SourceAnswers403_FailsAtTheFirstAnswer()
    {
        await StartAsync(await RegistryProcess.StartAnonymousAsync());
        await new ImageFactory(_source.Host).PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 82, 1_000));
        _sourceProxy.AddFault(FaultRule.OnManifests(Fault.Answer(403)));

        var error = await CopyFailsAsync();

        error.Reason.Should().Be(RegistryErrorReason.Denied);
        ManifestRequests.Should().ContainSingle().Which.Status.Should().Be(403);
        _notices.Should().BeEmpty();
    }
}
