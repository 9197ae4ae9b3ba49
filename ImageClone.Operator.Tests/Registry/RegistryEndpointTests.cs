using ImageClone.Registry;

namespace ImageClone.Tests.Registry;

public class RegistryEndpointTests
{
    [TestCase("docker.io", "https://registry-1.docker.io/")]
    [TestCase("quay.io", "https://quay.io/")]
    [TestCase("localhost:5000", "https://localhost:5000/")]
    [TestCase("registry.local:5000", "http://registry.local:5000/")]
    public void BaseUri_Registry_ApiHostAndSchemeFromInsecureList(string registry, string expected)
    {
        var options = new RegistryOptions(InsecureRegistries: ["registry.local:5000"]);

        RegistryEndpoint.BaseUri(registry, options).ToString().Should().Be(expected);
    }
}
