using System.Buffers.Binary;

namespace ImageClone.Tests.Support;

/// <summary>
/// A read-only, seekable stream of <c>length</c> deterministic pseudo-random bytes that never exist in memory at once:
/// 8-byte word <c>i</c> is splitmix64(seed + i), so any position can be read directly and compression cannot cheat.
/// </summary>
public sealed class PseudoRandomStream(ulong seed, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - _position);
        Span<byte> word = stackalloc byte[8];
        for (var written = 0; written < count;)
        {
            if ((_position & 7) == 0 && count - written >= 8)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(buffer[written..], SplitMix64(seed + (ulong)(_position >> 3)));
                written += 8;
                _position += 8;
                continue;
            }
            var wordIndex = (ulong)(_position >> 3);
            var within = (int)(_position & 7);
            BinaryPrimitives.WriteUInt64LittleEndian(word, SplitMix64(seed + wordIndex));
            var take = Math.Min(8 - within, count - written);
            word.Slice(within, take).CopyTo(buffer[written..]);
            written += take;
            _position += take;
        }
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public static ulong SplitMix64(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
