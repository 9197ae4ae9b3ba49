namespace ImageClone.Registry;

/// <summary>Sums the bytes streamed for one image (from several blobs at once) and reports them.</summary>
internal sealed class CopyProgressTracker(ImageReference image, long total, IProgress<CopyProgress>? progress) : IProgress<long>
{
    private long _copied;

    public long Copied => Interlocked.Read(ref _copied);

    public void Report(long value) => Add(value);

    public void Add(long bytes)
    {
        var now = Interlocked.Add(ref _copied, bytes);
        progress?.Report(new CopyProgress(image, now, total));
    }
}
