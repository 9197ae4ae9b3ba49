using ImageClone.Registry;

namespace ImageClone.Cli;

/// <summary>Writes a copy's progress to stderr at every tenth of the total, synchronously (no thread-pool posting).</summary>
internal sealed class StderrProgress(TextWriter stderr) : IProgress<CopyProgress>
{
    private const double MiB = 1024 * 1024;
    private int lastTenth = -1;

    public void Report(CopyProgress value)
    {
        var tenth = value.BytesTotal == 0 ? 10 : (int)(value.BytesCopied * 10 / value.BytesTotal);
        if (Interlocked.Exchange(ref lastTenth, tenth) != tenth)
        {
            stderr.WriteLine($"{value.Image}: {value.BytesCopied / MiB:F1}/{value.BytesTotal / MiB:F1} MiB");
        }
    }
}
