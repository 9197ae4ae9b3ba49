using System.Security.Cryptography;

namespace ImageClone.Registry;

internal static class Digests
{
    public static string Sha256(ReadOnlySpan<byte> content) => Format(SHA256.HashData(content));

    public static string Format(ReadOnlySpan<byte> sha256) => "sha256:" + Convert.ToHexStringLower(sha256);
}
