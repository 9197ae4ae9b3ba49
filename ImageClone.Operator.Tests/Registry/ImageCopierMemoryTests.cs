using System.Collections.Concurrent;
using ImageClone.Registry;
using ImageClone.Tests.Support;

namespace ImageClone.Tests.Registry;

public class ImageCopierMemoryTests
{
    private const long Layer = 256L << 20;
    private const long AllowedGrowth = 64L << 20;

    [Test]
    public async Task CopyAsync_256MiBLayer_ManagedHeapStaysFlat()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(source.Host) { ChunkSize = 32L << 20 }.PushAsync("team/big", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 51, Layer));
        var (copier, _) = CopyTestSetup.Copier([source.Host, target.Host]);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        var progress = new CollectingProgress(new ConcurrentQueue<CopyProgress>(), _ => InterlockedMax(ref peak, GC.GetTotalMemory(false)));

        var result = await copier.CopyAsync(CopyTestSetup.Request(pushed, target, progress: progress), CancellationToken.None);

        result.BytesCopied.Should().Be(pushed.TotalBlobBytes);
        (peak - baseline).Should().BeLessThan(AllowedGrowth, "blobs stream through pooled buffers, never whole into memory");
        (await Skopeo.InspectRawDigestAsync($"{target.Host}/mirror/app:v1")).Should().Be(pushed.Digest);
    }

    private static void InterlockedMax(ref long location, long value)
    {
        var current = Interlocked.Read(ref location);
        while (value > current && Interlocked.CompareExchange(ref location, value, current) != current)
        {
            current = Interlocked.Read(ref location);
        }
    }
}
