using System.Security.Cryptography;
using System.Text;
using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.EndToEnd.Image;

/// <summary>
/// The operator's image as testbed/build-image.sh builds it from this checkout's Dockerfile: IMAGECLONE_TEST_IMAGE, else
/// localhost/imageclone:test-&lt;first 12 hex of the SHA-256 of the checkout's path&gt; (one per checkout).
/// </summary>
internal static class OperatorImage
{
    public static string Reference { get; } = Environment.GetEnvironmentVariable("IMAGECLONE_TEST_IMAGE") is { Length: > 0 } image
        ? image
        : $"localhost/imageclone:test-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(TestbedRoot.Path)))[..12]}";

    /// <summary>Fails the test, saying how to build it, when the image is not in podman's storage.</summary>
    public static async Task RequireAsync()
    {
        var (exitCode, _, stderr) = await Podman.RunAsync(["image", "exists", Reference]);
        if (exitCode != 0)
        {
            Assert.Fail($"the operator image {Reference} is not built{(stderr.Trim() is { Length: > 0 } why ? $" ({why})" : "")}: run testbed/build-image.sh (test.sh does)");
        }
    }
}
