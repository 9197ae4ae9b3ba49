using ImageClone.Registry;

namespace ImageClone.Tests.Registry;

/// <summary>Docker Hub's aliases read as docker.io alike in an image reference, a config.json key and REPOSITORY.</summary>
public class DockerHubAliasesTests
{
    [TestCase("index.docker.io")]
    [TestCase("registry-1.docker.io")]
    [TestCase("registry.hub.docker.com")]
    [TestCase("Registry.Hub.Docker.com")]
    public void EveryEntryPoint_DockerHubAlias_ReadsAsDockerIo(string alias)
    {
        ImageReference.Parse($"{alias}/library/nginx:1.25").Registry.Should().Be("docker.io");
        DockerConfigCredentials.NormaliseRegistry($"https://{alias}/v1/").Should().Be("docker.io");
        MirrorRepository.Parse($"{alias}/backupregistry").Registry.Should().Be("docker.io");
    }

    [Test]
    public void EveryEntryPoint_OtherRegistry_KeptAsWritten()
    {
        ImageReference.Parse("quay.io/team/app:v1").Registry.Should().Be("quay.io");
        DockerConfigCredentials.NormaliseRegistry("quay.io").Should().Be("quay.io");
        MirrorRepository.Parse("quay.io/backup").Registry.Should().Be("quay.io");
    }
}
