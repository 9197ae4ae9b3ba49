using System.Text;

namespace ImageClone.Tests.EndToEnd;

/// <summary>
/// Keeps a copy of everything written to standard output (still passed on), so tests can read the operator's
/// console log lines exactly as a log collector would. Install it before the operator is built: the console
/// logger takes <see cref="Console.Out"/> when it is created.
/// </summary>
internal static class ConsoleCapture
{
    private static readonly Lock Gate = new();
    private static readonly StringBuilder Captured = new();
    private static TextWriter? _installed;

    public static void Install()
    {
        lock (Gate)
        {
            if (!ReferenceEquals(Console.Out, _installed))
            {
                Console.SetOut(new TeeWriter(Console.Out));
                _installed = Console.Out;
            }
        }
    }

    /// <summary>How much has been captured so far: pass it to <see cref="LinesSince"/>.</summary>
    public static int Mark()
    {
        lock (Gate)
        {
            return Captured.Length;
        }
    }

    public static IReadOnlyList<string> LinesSince(int mark)
    {
        lock (Gate)
        {
            return Captured.ToString(mark, Captured.Length - mark).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
    }

    private sealed class TeeWriter(TextWriter inner) : TextWriter
    {
        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            lock (Gate)
            {
                Captured.Append(value);
            }

            inner.Write(value);
        }

        public override void Write(string? value)
        {
            lock (Gate)
            {
                Captured.Append(value);
            }

            inner.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            lock (Gate)
            {
                Captured.Append(buffer, index, count);
            }

            inner.Write(buffer, index, count);
        }

        public override void Flush() => inner.Flush();
    }
}
