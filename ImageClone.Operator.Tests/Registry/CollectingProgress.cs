using System.Collections.Concurrent;
using ImageClone.Registry;

namespace ImageClone.Tests.Registry;

/// <summary>Synchronous progress: runs <c>onReport</c> on the copying thread, so a test can act at an exact point of the copy.</summary>
internal sealed class CollectingProgress(ConcurrentQueue<CopyProgress> reports, Action<CopyProgress>? onReport = null) : IProgress<CopyProgress>
{
    public void Report(CopyProgress value)
    {
        reports.Enqueue(value);
        onReport?.Invoke(value);
    }
}
