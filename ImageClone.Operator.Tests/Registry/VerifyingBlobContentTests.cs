using System.Security.Cryptography;
using ImageClone.Registry;

namespace ImageClone.Tests.Registry;

/// <summary>A blob's stream is verified with the algorithm its digest names: sha256 or sha512.</summary>
public class VerifyingBlobContentTests
{
    private static readonly byte[] Blob = RandomNumberGenerator.GetBytes(200_000);

    private static VerifyingBlobContent Content(string digest) =>
        new(new MemoryStream(Blob), new Descriptor("application/octet-stream", digest, Blob.Length, null), 64 * 1024, TimeSpan.FromSeconds(20), _ => { });

    private static async Task<(byte[] Written, VerifyingBlobContent Content)> StreamAsync(string digest)
    {
        using var written = new MemoryStream();
        var content = Content(digest);
        await content.CopyToAsync(written);
        return (written.ToArray(), content);
    }

    [TestCase("sha256")]
    [TestCase("sha512")]
    public async Task CopyTo_DigestOfTheBlob_StreamsItWhole(string algorithm)
    {
        var digest = algorithm + ":" + Convert.ToHexStringLower(algorithm == "sha512" ? SHA512.HashData(Blob) : SHA256.HashData(Blob));

        var (written, content) = await StreamAsync(digest);

        written.Should().Equal(Blob);
        content.Failure.Should().BeNull();
    }

    [TestCase("sha256")]
    [TestCase("sha512")]
    public async Task CopyTo_DigestOfOtherBytes_AbandonsWithDigestMismatch(string algorithm)
    {
        var other = RandomNumberGenerator.GetBytes(10);
        var digest = algorithm + ":" + Convert.ToHexStringLower(algorithm == "sha512" ? SHA512.HashData(other) : SHA256.HashData(other));

        using var content = Content(digest);

        var stream = () => content.CopyToAsync(Stream.Null);

        (await stream.Should().ThrowAsync<HttpRequestException>()).WithInnerException<IOException>().Which.Message.Should().Contain(digest);
        content.Failure.Should().Be(BlobStreamFailure.DigestMismatch);
    }

    [Test]
    public void Matches_Sha512OfManifestBytes_IsTrueAndFalseForOtherBytes()
    {
        var manifest = "{\"schemaVersion\":2}"u8.ToArray();
        var digest = "sha512:" + Convert.ToHexStringLower(SHA512.HashData(manifest));

        Digests.Matches(manifest, digest).Should().BeTrue();
        Digests.Matches("{}"u8, digest).Should().BeFalse();
    }
}
