using ImageClone.Registry;
using ImageClone.Tests.EndToEnd;
using ImageClone.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
    public void FromEnvironment_InsecureEntryWithHttpScheme_IsAcceptedAsItsHost()
    {
        var options = RegistryOptions.FromEnvironment(new Dictionary<string, string> { ["INSECURE_REGISTRIES"] = "http://Registry.Local:5000/,b.local" }.GetValueOrDefault, null);

        options.InsecureRegistries.Should().Equal("registry.local:5000", "b.local");
        options.IsInsecure("registry.local:5000").Should().BeTrue();
    }

    [TestCase("https://registry.local:5000", "scheme other than http://")]
    [TestCase("registry.local:5000/v2", "has a path")]
    [TestCase("registry.local:0", "port 0 is out of range")]
    [TestCase("not a host", "is not a registry host")]
    public void FromEnvironment_InsecureEntryNotAHost_ThrowsNamingIt(string entry, string expected)
    {
        var read = () => RegistryOptions.FromEnvironment(new Dictionary<string, string> { ["INSECURE_REGISTRIES"] = $"ok.local,{entry}" }.GetValueOrDefault, null);

        read.Should().Throw<ArgumentException>().WithMessage($"INSECURE_REGISTRIES entry \"{entry}\"*{expected}*");
    }

    [Test]
    public void FromEnvironment_UsernameWithoutPassword_Throws()
    {
        var read = () => RegistryOptions.FromEnvironment(new Dictionary<string, string> { ["REGISTRY_USERNAME"] = "robot" }.GetValueOrDefault, null);

        read.Should().Throw<ArgumentException>().WithMessage("REGISTRY_USERNAME is set but REGISTRY_PASSWORD is not*");
    }

    [Test]
    public void TargetCredentialFor_OtherRegistry_IsNull()
    {
        var options = new RegistryOptions(new RegistryCredential("robot", "pw"), "mirror.example");

        options.TargetCredentialFor("mirror.example").Should().NotBeNull();
        options.TargetCredentialFor("docker.io").Should().BeNull();
    }

    [Test]
    public void AddImageCopier_InvalidOptions_StartValidationFailsNamingTheSetting()
    {
        using var provider = new ServiceCollection().AddImageCopier(new RegistryOptions { BlobConcurrency = 0, BufferSize = 16 }).BuildServiceProvider();

        var start = () => provider.GetRequiredService<IStartupValidator>().Validate();

        start.Should().Throw<OptionsValidationException>().WithMessage("*BlobConcurrency*").WithMessage("*BufferSize*");
    }

    [Test]
    public void ImageCopierFactory_InvalidOptions_ThrowsNamingTheSetting()
    {
        var create = () => ImageCopierFactory.Create(new RegistryOptions { BlobConcurrency = 0 }, TimeProvider.System);

        create.Should().Throw<ArgumentException>().WithMessage("*BlobConcurrency*");
    }

    [Test]
    public async Task AddImageCopier_WithLogging_LogsEachRetryWithItsReason()
    {
        var closed = $"127.0.0.1:{FreePort.Next()}";
        var logs = new CapturingLoggerProvider();
        using var provider = new ServiceCollection().AddLogging(logging => logging.AddProvider(logs)).AddImageCopier(TestOptions.For(closed)).BuildServiceProvider();
        var copier = provider.GetRequiredService<IImageCopier>();
        var request = new ImageCopyRequest(ImageReference.Parse($"{closed}/team/app:v1"), ImageReference.Parse($"{closed}/mirror/app:v1"));

        await FluentActions.Awaiting(() => copier.CopyAsync(request, CancellationToken.None)).Should().ThrowAsync<RegistryException>();

        logs.Entries.Where(entry => entry.Category == "ImageClone.Registry").Select(entry => entry.Message).Should()
            .HaveCount(TestOptions.For().ConnectionRetries)
            .And.OnlyContain(message => message.StartsWith($"Registry request HEAD http://{closed}/v2/team/app/manifests/v1: connection refused; retrying in", StringComparison.Ordinal));
    }

    [Test]
    public void AddImageCopier_Options_ResolvesOneCopier()
    {
        using var provider = new ServiceCollection().AddImageCopier(new RegistryOptions()).BuildServiceProvider();

        provider.GetRequiredService<IImageCopier>().Should().BeSameAs(provider.GetRequiredService<IImageCopier>());
    }
}
