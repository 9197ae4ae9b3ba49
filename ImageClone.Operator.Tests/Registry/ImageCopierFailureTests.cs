using System.Collections.Concurrent;
using ImageClone.Registry;
using ImageClone.Tests.Support;

namespace ImageClone.Tests.Registry;

public class ImageCopierFailureTests
{
    [Test]
    public async Task CopyAsync_SourceBlobCorrupted_DigestMismatchAndNoManifestPushed()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(source.Host).PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 41, 200_000));
        var layer = pushed.BlobDigests[^1];
        var (copier, recorder) = CopyTestSetup.Copier([source.Host, target.Host], onResponse: (request, response) =>
            request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.EndsWith(layer, StringComparison.Ordinal) ? CorruptOneByte(response) : response);

        var copy = () => copier.CopyAsync(CopyTestSetup.Request(pushed, target), CancellationToken.None);

        var error = (await copy.Should().ThrowAsync<RegistryException>()).Which;
        error.Reason.Should().Be(RegistryErrorReason.DigestMismatch);
        error.Message.Should().Contain(pushed.Reference).And.Contain(layer);
        recorder.Requests.Should().NotContain(r => r.Method == HttpMethod.Put && r.Uri.AbsolutePath.Contains("/manifests/", StringComparison.Ordinal));
        (await Skopeo.ExistsAsync($"{target.Host}/mirror/app:v1")).Should().BeFalse();
        using var http = new HttpClient();
        using var blob = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(target.BaseUri, $"v2/mirror/app/blobs/{layer}")));
        blob.StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
    }

    [Test]
    public async Task CopyAsync_SourceStopsMidCopy_RetriesThenFailsNamingImageAndRegistry()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(source.Host).PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 42, 48L << 20));
        var (copier, recorder) = CopyTestSetup.Copier([source.Host, target.Host]);
        var stopped = 0;
        var progress = new CollectingProgress(new ConcurrentQueue<CopyProgress>(), report =>
        {
            if (report.BytesCopied > 0 && Interlocked.Exchange(ref stopped, 1) == 0)
            {
                source.StopAsync().GetAwaiter().GetResult();
            }
        });

        var copy = () => copier.CopyAsync(CopyTestSetup.Request(pushed, target, progress: progress), CancellationToken.None);

        var error = (await copy.Should().ThrowAsync<RegistryException>()).Which;
        error.IsTransient.Should().BeTrue();
        error.Registry.Should().Be(source.Host);
        error.Message.Should().Contain(pushed.Reference).And.Contain(source.Host);
        recorder.Requests.Count(r => r.Method == HttpMethod.Get && r.Uri.AbsolutePath.Contains("/blobs/", StringComparison.Ordinal)).Should().BeGreaterThan(1, "the blob copy restarts");
        recorder.Requests.Should().NotContain(r => r.Method == HttpMethod.Put && r.Uri.AbsolutePath.Contains("/manifests/", StringComparison.Ordinal));
        (await Skopeo.ExistsAsync($"{target.Host}/mirror/app:v1")).Should().BeFalse();
    }

    [Test]
    public async Task CopyAsync_SourceImageMissing_NotFoundNamingImage()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartAnonymousAsync();
        var (copier, recorder) = CopyTestSetup.Copier([source.Host, target.Host]);
        var request = new ImageCopyRequest(ImageReference.Parse($"{source.Host}/team/none:v1"), ImageReference.Parse($"{target.Host}/mirror/none:v1"));

        var copy = () => copier.CopyAsync(request, CancellationToken.None);

        var error = (await copy.Should().ThrowAsync<RegistryException>()).Which;
        error.Reason.Should().Be(RegistryErrorReason.NotFound);
        error.Message.Should().Contain($"{source.Host}/team/none:v1").And.Contain("404");
        recorder.Writes.Should().BeEmpty();
    }

    private static HttpResponseMessage CorruptOneByte(HttpResponseMessage response)
    {
        var bytes = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        bytes[bytes.Length / 2] ^= 0xFF;
        var corrupted = new HttpResponseMessage(response.StatusCode) { Content = new ByteArrayContent(bytes), RequestMessage = response.RequestMessage };
        response.Dispose();
        return corrupted;
    }
}
