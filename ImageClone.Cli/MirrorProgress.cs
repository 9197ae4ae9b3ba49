using System.Globalization;
using ImageClone.Registry;

namespace ImageClone.Cli;

/// <summary>
/// <c>mirror</c>'s progress on stderr. On a terminal: one line per image, redrawn in place (bytes, rate, ETA) and
/// cleared when the image is done; otherwise a plain line at each tenth of the bytes. Nothing for an image with
/// nothing to stream (already there, or joined to another copy of the same blobs). Retry notices interrupt either.
/// </summary>
internal sealed class MirrorProgress(TextWriter stderr, bool terminal, TimeProvider time)
{
    private static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(200);
    private readonly Lock _gate = new();
    private string? _drawn;

    public IProgress<CopyProgress> ForImage() => new ImageProgress(this, time.GetTimestamp());

    /// <summary>A line that must stay (a retry notice): printed above the progress line, which is then redrawn.</summary>
    public void Notice(string line)
    {
        lock (_gate)
        {
            ClearLine();
            stderr.WriteLine(line);
            if (_drawn is not null)
            {
                stderr.Write(_drawn);
            }
        }
    }

    /// <summary>The image is done: its progress line goes, so the result line takes its place.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            ClearLine();
            _drawn = null;
        }
    }

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB"),
    };

    private void ClearLine()
    {
        if (terminal && _drawn is not null)
        {
            stderr.Write("\r\u001b[K");
        }
    }

    private void Report(ImageProgress image, CopyProgress value)
    {
        if (value.BytesTotal <= 0 || value.BytesCopied <= 0)
        {
            return;
        }

        lock (_gate)
        {
            if (terminal)
            {
                Redraw(image, value);
            }
            else
            {
                PrintTenth(image, value);
            }
        }
    }

    private void Redraw(ImageProgress image, CopyProgress value)
    {
        var now = time.GetTimestamp();
        var done = value.BytesCopied >= value.BytesTotal;
        if (!done && image.LastDrawn != 0 && time.GetElapsedTime(image.LastDrawn, now) < RedrawEvery)
        {
            return;
        }

        image.LastDrawn = now;
        var elapsed = time.GetElapsedTime(image.Started, now).TotalSeconds;
        var rate = elapsed > 0 ? value.BytesCopied / elapsed : 0;
        var eta = rate > 0 ? TimeSpan.FromSeconds((value.BytesTotal - value.BytesCopied) / rate) : (TimeSpan?)null;
        _drawn = $"{value.Image}: {Bytes(value.BytesCopied)} of {Bytes(value.BytesTotal)}  {Bytes((long)rate)}/s" + (eta is { } left && !done ? $"  ETA {Duration(left)}" : "");
        stderr.Write($"\r{_drawn}\u001b[K");
        stderr.Flush();
    }

    private void PrintTenth(ImageProgress image, CopyProgress value)
    {
        var tenth = (int)Math.Min(10, value.BytesCopied * 10 / value.BytesTotal);
        if (tenth > image.LastTenth)
        {
            image.LastTenth = tenth;
            stderr.WriteLine($"{value.Image}: {Bytes(value.BytesCopied)} of {Bytes(value.BytesTotal)} ({tenth * 10}%)");
        }
    }

    internal static string Duration(TimeSpan span) => span.TotalSeconds switch
    {
        < 10 => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.0} s"),
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0} s"),
        < 3600 => $"{(int)span.TotalMinutes} min {span.Seconds} s",
        _ => $"{(int)span.TotalHours} h {span.Minutes} min",
    };

    private sealed class ImageProgress(MirrorProgress owner, long started) : IProgress<CopyProgress>
    {
        public long Started { get; } = started;

        public long LastDrawn { get; set; }

        public int LastTenth { get; set; }

        public void Report(CopyProgress value) => owner.Report(this, value);
    }
}
