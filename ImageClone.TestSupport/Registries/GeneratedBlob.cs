using System.Security.Cryptography;

namespace ImageClone.Tests.Support;

/// <summary>A blob the factory pushes: its descriptor and a way to (re)open its content as a stream.</summary>
internal sealed record GeneratedBlob(string MediaType, string Digest, long Size, Func<Stream> Open)
{
    public static GeneratedBlob FromBytes(string mediaType, byte[] content) =>
        new(mediaType, DigestOf(content), content.LongLength, () => new MemoryStream(content, writable: false));

    /// <summary>Hashes the content in one streaming pass; the upload streams it again.</summary>
    public static async Task<GeneratedBlob> PseudoRandomAsync(string mediaType, ulong seed, long size, CancellationToken ct)
    {
        await using var content = new PseudoRandomStream(seed, size);
        var hash = await SHA256.HashDataAsync(content, ct);
        return new(mediaType, "sha256:" + Convert.ToHexStringLower(hash), size, () => new PseudoRandomStream(seed, size));
    }

    public static string DigestOf(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
}
