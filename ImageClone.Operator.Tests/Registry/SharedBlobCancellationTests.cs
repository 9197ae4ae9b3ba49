using ImageClone.Registry;
using ImageClone.Tests.Support;

namespace ImageClone.Tests.Registry;

/// <summary>
/// Two tags of one source repository copied into one target repository share a layer, which the copier streams once
/// for both. When the copy that started it loses a blob of its own (and stops its other blobs), the shared layer goes
/// on for the copy still waiting for it: a waiter that gives up only stops waiting.
/// </summary>
public class SharedBlobCancellationTests
{
    private const long SharedLayerSize = 2_000_000;

    private RegistryProcess _source = null!;
    private RegistryProcess _target = null!;
    private RegistryProxy _sourceProxy = null!;

    [SetUp]
    public async Task StartRegistries()
    {
        _source = await RegistryProcess.StartAnonymousAsync();
        _target = await RegistryProcess.StartAnonymousAsync();
        _sourceProxy = await RegistryProxy.StartAsync(_source.BaseUri);
    }

    [TearDown]
    public async Task StopRegistries()
    {
        await _sourceProxy.DisposeAsync();
        await _source.DisposeAsync();
        await _target.DisposeAsync();
    }

    [Test]
    public async Task CopyAsync_FirstCopyOfASharedLayerFailsOnAnotherBlob_TheOtherCopyStillGetsTheLayer()
    {
        var failing = await new ImageFactory(_source.Host).PushAsync("team/app", "1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 41, SharedLayerSize));
        var other = await new ImageFactory(_source.Host).PushAsync("team/app", "2", ImageSpec.MultiPlatform(ManifestFormat.Oci, 41, SharedLayerSize));
        var shared = failing.BlobDigests.Intersect(other.BlobDigests).Should().ContainSingle("the two tags share their big layer").Subject;
        var lost = failing.BlobDigests.Except(other.BlobDigests).Should().ContainSingle().Subject;
        _sourceProxy.AddFault(FaultRule.OnBlobs(Fault.Stall(TimeSpan.FromSeconds(3)), times: 1) with { PathMatches = path => path.EndsWith(shared, StringComparison.Ordinal) });
        _sourceProxy.AddFault(FaultRule.OnBlobs(Fault.AnswerAfter(404, TimeSpan.FromSeconds(1))) with { PathMatches = path => path.EndsWith(lost, StringComparison.Ordinal) });
        var (copier, _) = CopyTestSetup.Copier([_sourceProxy.Host, _target.Host]);

        var first = copier.CopyAsync(Request("1"), CancellationToken.None);
        await Wait.UntilAsync(() => _sourceProxy.HasArrived("GET", path => path.EndsWith(shared, StringComparison.Ordinal)), "the first copy started streaming the shared layer");
        var second = copier.CopyAsync(Request("2"), CancellationToken.None);

        await FluentActions.Awaiting(() => first).Should().ThrowAsync<RegistryException>()
            .Where(e => e.Message.Contains("team/app:1", StringComparison.Ordinal) && e.Message.Contains("404", StringComparison.Ordinal));
        (await second).Digest.Should().Be(other.Digest);
        _sourceProxy.Requests.Count(r => r.Method == "GET" && r.Path.EndsWith(shared, StringComparison.Ordinal)).Should().Be(1, "the shared layer was streamed once, for both copies");
        (await Skopeo.InspectRawDigestAsync($"{_target.Host}/mirror/app@{other.Digest}")).Should().Be(other.Digest);
    }

    private ImageCopyRequest Request(string tag) =>
        new(ImageReference.Parse($"{_sourceProxy.Host}/team/app:{tag}"), ImageReference.Parse($"{_target.Host}/mirror/app:{tag}"));
}
