using ImageClone.Tests.Support;

namespace ImageClone.Tests.Controllers;

/// <summary>Small single-platform images, each with content and a tag of its own, so no simulated node has pulled it before.</summary>
internal static class TestImages
{
    private static int _pushes;

    /// <param name="alsoAt">another repository of the same registry to push the same image (tag, digest) to</param>
    public static async Task<PushedImage> PushAsync(RegistryProcess registry, string repository, string? username = null, string? password = null, Func<string, string>? alsoAt = null)
    {
        var push = Interlocked.Increment(ref _pushes);
        var factory = new ImageFactory(registry.Host, username, password);
        var spec = ImageSpec.SinglePlatform(ManifestFormat.Docker, 7000 + push, 2048);
        var pushed = await factory.PushAsync(repository, $"1.{push}", spec);
        if (alsoAt is not null)
        {
            await factory.PushAsync(alsoAt(pushed.Reference), $"1.{push}", spec);
        }

        return pushed;
    }
}
