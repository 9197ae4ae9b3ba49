using System.Text;
using ImageClone.Registry;

namespace ImageClone.Tests.Registry;

public class DockerConfigCredentialsTests
{
    private static string Config(string key, string auth) => "{\"auths\":{\"" + key + "\":{\"auth\":\"" + auth + "\"}}}";

    private static string Auth(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    [TestCase("https://index.docker.io/v1/", "docker.io")]
    [TestCase("docker.io", "docker.io")]
    [TestCase("registry-1.docker.io", "docker.io")]
    [TestCase("http://registry.example.com:5000/v2/", "registry.example.com:5000")]
    [TestCase("Quay.IO", "quay.io")]
    public void For_KeyWrittenAnyWay_FoundByRegistryHost(string key, string registry)
    {
        var credentials = DockerConfigCredentials.Parse(Config(key, Auth("u", "p:w")));

        credentials.For(registry).Should().Be(new RegistryCredential("u", "p:w"));
    }

    [Test]
    public void For_UsernameAndPasswordFields_AreUsed()
    {
        var credentials = DockerConfigCredentials.Parse("""{"auths":{"ghcr.io":{"username":"bot","password":"tok"}}}""");

        credentials.For("ghcr.io").Should().Be(new RegistryCredential("bot", "tok"));
    }

    [Test]
    public void For_OtherRegistry_ReturnsNull()
    {
        var credentials = DockerConfigCredentials.Parse(Config("quay.io", Auth("u", "p")));

        credentials.For("docker.io").Should().BeNull();
    }

    [Test]
    public void Parse_NotJson_ThrowsWithoutEchoingContent()
    {
        var parse = () => DockerConfigCredentials.Parse("{\"auths\": secret-value");

        parse.Should().Throw<FormatException>().Which.Message.Should().NotContain("secret-value");
    }

    [Test]
    public void ToString_Credential_HidesPassword()
    {
        new RegistryCredential("u", "hunter2").ToString().Should().NotContain("hunter2");
    }
}
