using ImageClone.Registry;

namespace ImageClone.Tests.Registry;

internal static class TestOptions
{
    /// <summary>Loopback registries over HTTP, retries quick and few.</summary>
    public static RegistryOptions For(params string[] insecureHosts) => new(InsecureRegistries: insecureHosts)
    {
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        RetryAfterMax = TimeSpan.FromMilliseconds(50),
        GiveUpAfter = TimeSpan.FromSeconds(2),
        RequestTimeout = TimeSpan.FromSeconds(20),
        StallTimeout = TimeSpan.FromSeconds(20),
    };
}
