using ImageClone.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace ImageClone.Tests.Registry;

public class RegistryOptionsTests
{
    [Test]
    public void FromEnvironment_Variables_ReadsCredentialAndInsecureHosts()
    {
        var environment = new Dictionary<string, string>
        {
            ["REGISTRY_USERNAME"] = "robot",
            ["REGISTRY_PASSWORD"] = "pw",
            ["INSECURE_REGISTRIES"] = " a.local:5000 ,b.local,",
        };

        var options = RegistryOptions.FromEnvironment(environment.GetValueOrDefault, "mirror.example");

        options.TargetCredential.Should().Be(new RegistryCredential("robot", "pw"));
        options.TargetRegistry.Should().Be("mirror.example");
        options.InsecureRegistries.Should().Equal("a.local:5000", "b.local");
    }

    [Test]
    public void TargetCredentialFor_OtherRegistry_IsNull()
    {
        var options = new RegistryOptions(new RegistryCredential("robot", "pw"), "mirror.example");

        options.TargetCredentialFor("mirror.example").Should().NotBeNull();
        options.TargetCredentialFor("docker.io").Should().BeNull();
    }

    [Test]
    public void AddImageCopier_InvalidOptions_ThrowsAtRegistration()
    {
        var add = () => new ServiceCollection().AddImageCopier(new RegistryOptions { BlobConcurrency = 0 });

        add.Should().Throw<ArgumentException>().WithMessage("*BlobConcurrency*");
    }

    [Test]
    public void AddImageCopier_Options_ResolvesOneCopier()
    {
        using var provider = new ServiceCollection().AddImageCopier(new RegistryOptions()).BuildServiceProvider();

        provider.GetRequiredService<IImageCopier>().Should().BeSameAs(provider.GetRequiredService<IImageCopier>());
    }
}
