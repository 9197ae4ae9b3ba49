using System.Collections.Concurrent;
using System.Diagnostics;

namespace ImageClone.Tests.Support;

/// <summary>Drains a child process's stdout and stderr (so it never blocks on a full pipe), keeping the last lines for error messages.</summary>
internal sealed class ProcessOutput
{
    private const int KeptLines = 40;
    private readonly ConcurrentQueue<string> _lines = new();

    public static ProcessOutput Capture(Process process)
    {
        var output = new ProcessOutput();
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return output;
    }

    public override string ToString() => string.Join('\n', _lines);

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }
        _lines.Enqueue(line);
        while (_lines.Count > KeptLines)
        {
            _lines.TryDequeue(out _);
        }
    }
}
