using System.Security.Cryptography;

namespace ImageClone.Registry;

/// <summary>Content digests: <c>sha256:</c> for what this client computes, <c>sha256:</c> or <c>sha512:</c> for what it verifies.</summary>
internal static class Digests
{
    public static string Sha256(ReadOnlySpan<byte> content) => Format(HashAlgorithmName.SHA256, SHA256.HashData(content));

    /// <summary>The algorithm <paramref name="digest"/> names; <see cref="ImageReference"/> lets no other through.</summary>
    /// <exception cref="FormatException">The algorithm is neither sha256 nor sha512.</exception>
    public static HashAlgorithmName AlgorithmOf(string digest) => digest[..Math.Max(digest.IndexOf(':', StringComparison.Ordinal), 0)] switch
    {
        "sha256" => HashAlgorithmName.SHA256,
        "sha512" => HashAlgorithmName.SHA512,
        _ => throw new FormatException($"digest \"{digest}\" is neither sha256 nor sha512: it cannot be verified"),
    };

    public static string Format(HashAlgorithmName algorithm, ReadOnlySpan<byte> hash) =>
        algorithm.Name!.ToLowerInvariant() + ":" + Convert.ToHexStringLower(hash);

    /// <summary>True when <paramref name="content"/> has <paramref name="digest"/>, computed with the algorithm it names.</summary>
    public static bool Matches(ReadOnlySpan<byte> content, string digest)
    {
        var algorithm = AlgorithmOf(digest);
        var hash = algorithm == HashAlgorithmName.SHA512 ? SHA512.HashData(content) : SHA256.HashData(content);
        return Format(algorithm, hash) == digest;
    }
}
