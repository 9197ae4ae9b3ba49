using ImageClone.Tests.Support;

namespace ImageClone.Tests.Controllers;

/// <summary>Small single-platform images, each with content and a tag of its own, so no simulated node has pulled it before.</summary>
internal static class TestImages
{
    private static int _pushes;

    public static Task<PushedImage> PushAsync(RegistryProcess registry, string repository, string? username = null, string? password = null)
    {
        var push = Interlocked.Increment(ref _pushes);
        return new ImageFactory(registry.Host, username, password)
            .PushAsync(repository, $"1.{push}", ImageSpec.SinglePlatform(ManifestFormat.Docker, 7000 + push, 2048));
    }
}
