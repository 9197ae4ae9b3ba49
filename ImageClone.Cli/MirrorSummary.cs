using ImageClone.Registry;

namespace ImageClone.Cli;

/// <summary>The closing line of <c>mirror</c>: how many images, copied or already there or failed, the bytes streamed and the time.</summary>
internal sealed class MirrorSummary(TimeProvider time)
{
    private readonly long started = time.GetTimestamp();
    private int copied;
    private int present;
    private long bytes;

    public int Failed { get; private set; }

    /// <param name="result">Null for an image already under REPOSITORY (checked, not copied).</param>
    public void Add(ImageCopyResult? result)
    {
        if (result is null or { AlreadyPresent: true })
        {
            present++;
            return;
        }

        copied++;
        bytes += result.BytesCopied;
    }

    public void AddFailure() => Failed++;

    public override string ToString()
    {
        var images = copied + present + Failed;
        var elapsed = time.GetElapsedTime(started);
        return $"{images} image{(images == 1 ? "" : "s")}: {copied} copied, {present} already there, {Failed} failed; " +
            $"{MirrorProgress.Bytes(bytes)} streamed in {MirrorProgress.Duration(elapsed)}";
    }
}
