using ImageClone.Registry;

namespace ImageClone.Cli;

/// <summary>The closing line of <c>mirror</c>: how many images, copied or already there or failed, the bytes streamed and the time.</summary>
internal sealed class MirrorSummary(TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private int _copied;
    private int _present;
    private long _bytes;

    public int Failed { get; private set; }

    /// <param name="result">Null for an image already under REPOSITORY (checked, not copied).</param>
    public void Add(ImageCopyResult? result)
    {
        if (result is null or { AlreadyPresent: true })
        {
            _present++;
            return;
        }

        _copied++;
        _bytes += result.BytesCopied;
    }

    public void AddFailure() => Failed++;

    public override string ToString()
    {
        var images = _copied + _present + Failed;
        var elapsed = time.GetElapsedTime(_started);
        return $"{images} image{(images == 1 ? "" : "s")}: {_copied} copied, {_present} already there, {Failed} failed; " +
            $"{MirrorProgress.Bytes(_bytes)} streamed in {MirrorProgress.Duration(elapsed)}";
    }
}
