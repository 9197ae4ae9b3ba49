using System.Buffers;
using System.Net;
using System.Security.Cryptography;

namespace ImageClone.Registry;

/// <summary>
/// The body of a blob PUT, streamed from the source response through its digest's hash (SHA-256 or SHA-512) in pooled buffers,
/// reading the next chunk while the last one is written. The final chunk is held back until the
/// digest is checked, so a corrupt blob never completes its upload.
/// </summary>
internal sealed class VerifyingBlobContent(Stream source, Descriptor blob, int bufferSize, TimeSpan stallTimeout, Action<long> onBytes) : HttpContent
{
    /// <summary>Why the stream was abandoned, once it was; null while it ran or when it succeeded.</summary>
    public BlobStreamFailure? Failure { get; private set; }

    protected override bool TryComputeLength(out long length)
    {
        length = blob.Size;
        return true;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var algorithm = Digests.AlgorithmOf(blob.Digest);
        using var hash = IncrementalHash.CreateHash(algorithm);
        var buffers = new[] { ArrayPool<byte>.Shared.Rent(bufferSize), ArrayPool<byte>.Shared.Rent(bufferSize) };
        try
        {
            await PumpAsync(stream, algorithm, hash, buffers, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffers[0]);
            ArrayPool<byte>.Shared.Return(buffers[1]);
        }
    }

    private async Task PumpAsync(Stream target, HashAlgorithmName algorithm, IncrementalHash hash, byte[][] buffers, CancellationToken cancellationToken)
    {
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long total = 0;
        var current = 0;
        var reading = ReadChunkAsync(buffers[current], abandon.Token, cancellationToken);
        try
        {
            while (await reading is var read && read > 0)
            {
                total += read;
                hash.AppendData(buffers[current], 0, read);
                if (total > blob.Size || (total == blob.Size && Digests.Format(algorithm, hash.GetCurrentHash()) != blob.Digest))
                {
                    Fail(BlobStreamFailure.DigestMismatch);
                }

                reading = total == blob.Size ? Task.FromResult(0) : ReadChunkAsync(buffers[1 - current], abandon.Token, cancellationToken);
                await target.WriteAsync(buffers[current].AsMemory(0, read), cancellationToken);
                onBytes(read);
                current = 1 - current;
            }

            if (total < blob.Size)
            {
                Fail(BlobStreamFailure.Truncated);
            }
        }
        finally
        {
            // The pooled buffers go back only once no read is still filling one.
            await abandon.CancelAsync();
            await reading.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task<int> ReadChunkAsync(byte[] buffer, CancellationToken abandon, CancellationToken cancellationToken)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(abandon);
        stall.CancelAfter(stallTimeout);
        try
        {
            return await source.ReadAtLeastAsync(buffer.AsMemory(0, bufferSize), bufferSize, throwOnEndOfStream: false, stall.Token);
        }
        catch (OperationCanceledException) when (!abandon.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Fail(BlobStreamFailure.Stalled);
            throw;
        }
        catch (Exception e) when (e is IOException or HttpRequestException && Failure is null)
        {
            Failure = BlobStreamFailure.SourceFailed;
            throw;
        }
    }

    private void Fail(BlobStreamFailure failure)
    {
        Failure = failure;
        throw new IOException($"blob {blob.Digest} stream abandoned: {failure}");
    }
}
