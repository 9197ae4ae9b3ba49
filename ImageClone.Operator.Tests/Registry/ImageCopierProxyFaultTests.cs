using ImageClone.Registry;
using ImageClone.Tests.Support;

namespace ImageClone.Tests.Registry;

/// <summary>Faults injected between the copier and real registries by <see cref="RegistryProxy"/>.</summary>
public class ImageCopierProxyFaultTests
{
    private RegistryProcess _source = null!;
    private RegistryProcess _target = null!;
    private RegistryProxy _sourceProxy = null!;
    private RegistryProxy _targetProxy = null!;

    [SetUp]
    public async Task StartRegistriesBehindProxies()
    {
        _source = await RegistryProcess.StartAnonymousAsync();
        _target = await RegistryProcess.StartAnonymousAsync();
        _sourceProxy = await RegistryProxy.StartAsync(_source.BaseUri);
        _targetProxy = await RegistryProxy.StartAsync(_target.BaseUri);
    }

    [TearDown]
    public async Task StopAll()
    {
        await _sourceProxy.DisposeAsync();
        await _targetProxy.DisposeAsync();
        await _source.DisposeAsync();
        await _target.DisposeAsync();
    }

    private async Task<(PushedImage Pushed, ImageCopyRequest Request)> PushAsync(int seed, long layer = 400_000)
    {
        var pushed = await new ImageFactory(_source.Host).PushAsync("team/app", "v1", ImageSpec.MultiPlatform(ManifestFormat.Oci, seed, layer));
        var request = new ImageCopyRequest(ImageReference.Parse($"{_sourceProxy.Host}/team/app:v1"), ImageReference.Parse($"{_targetProxy.Host}/mirror/app:v1"));
        return (pushed, request);
    }

    private IImageCopier Copier(RegistryOptions? options = null) =>
        CopyTestSetup.Copier([_sourceProxy.Host, _targetProxy.Host], options: options).Copier;

    [Test]
    public async Task CopyAsync_SecondCopy_TargetSeesNoWrite()
    {
        var (pushed, request) = await PushAsync(71);
        await Copier().CopyAsync(request, CancellationToken.None);
        _targetProxy.ResetCounts();

        await Copier().CopyAsync(request, CancellationToken.None);

        _targetProxy.Requests.Should().NotBeEmpty().And.OnlyContain(r => r.Method == "HEAD");
        (await Skopeo.InspectRawDigestAsync($"{_target.Host}/mirror/app:v1")).Should().Be(pushed.Digest);
    }

    [Test]
    public async Task CopyAsync_SourceRateLimitsWithRetryAfter_RetriesAndCopies()
    {
        var (pushed, request) = await PushAsync(72);
        _sourceProxy.AddFault(FaultRule.OnManifests(Fault.Answer(429, TimeSpan.FromSeconds(1)), times: 2));

        var result = await Copier().CopyAsync(request, CancellationToken.None);

        result.Digest.Should().Be(pushed.Digest);
        _sourceProxy.Requests.Count(r => r.Status == 429).Should().Be(2);
    }

    [Test]
    public async Task CopyAsync_TargetUnavailableThroughout_GivesUpNamingImageRegistryAndStatus()
    {
        var (_, request) = await PushAsync(73);
        _targetProxy.AddFault(FaultRule.OnAll(Fault.Answer(503)));

        var copy = () => Copier().CopyAsync(request, CancellationToken.None);

        var error = (await copy.Should().ThrowAsync<RegistryException>()).Which;
        error.Reason.Should().Be(RegistryErrorReason.Unavailable);
        error.Message.Should().Contain($"{_sourceProxy.Host}/team/app:v1").And.Contain(_targetProxy.Host).And.Contain("503");
    }

    [Test]
    public async Task CopyAsync_BlobConnectionResetMidStream_RestartsBlobAndCopies()
    {
        var (pushed, request) = await PushAsync(74, 3_000_000);
        _sourceProxy.AddFault(FaultRule.OnBlobs(Fault.ResetAfter(1_000_000), times: 1));

        var result = await Copier().CopyAsync(request, CancellationToken.None);

        result.BytesCopied.Should().Be(pushed.TotalBlobBytes);
        _sourceProxy.Requests.Should().Contain(r => r.Fault == FaultKind.ResetAfter);
        (await Skopeo.InspectRawDigestAsync($"{_target.Host}/mirror/app:v1")).Should().Be(pushed.Digest);
    }

    [Test]
    public async Task CopyAsync_BlobStalls_AbandonedAfterStallTimeoutAndRestarted()
    {
        var (pushed, request) = await PushAsync(75, 3_000_000);
        _sourceProxy.AddFault(FaultRule.OnBlobs(Fault.Stall(TimeSpan.FromSeconds(30)), times: 1));
        var options = TestOptions.For(_sourceProxy.Host, _targetProxy.Host) with { StallTimeout = TimeSpan.FromMilliseconds(300), RequestTimeout = TimeSpan.FromMilliseconds(500) };

        var result = await Copier(options).CopyAsync(request, CancellationToken.None);

        result.Digest.Should().Be(pushed.Digest);
        _sourceProxy.Requests.Should().Contain(r => r.Fault == FaultKind.Stall);
    }

    [Test]
    public async Task CopyAsync_ProxyCorruptsBlobByte_DigestMismatchNoManifestPushed()
    {
        var (_, request) = await PushAsync(76, 2_000_000);
        _sourceProxy.AddFault(FaultRule.OnBlobs(Fault.CorruptByte(1_500_000)));

        var copy = () => Copier().CopyAsync(request, CancellationToken.None);

        (await copy.Should().ThrowAsync<RegistryException>()).Which.Reason.Should().Be(RegistryErrorReason.DigestMismatch);
        _targetProxy.Requests.Should().NotContain(r => r.Method == "PUT" && r.Path.Contains("/manifests/", StringComparison.Ordinal));
        (await Skopeo.ExistsAsync($"{_target.Host}/mirror/app:v1")).Should().BeFalse();
    }
}
