using ImageClone.Controllers;
using ImageClone.Mirroring;
using ImageClone.Operator;
using ImageClone.Registry;
using ImageClone.Tests.Mirroring;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageClone.Tests.Controllers;

/// <summary>Each layer's <c>Add…</c>, composed as Program does.</summary>
public class WiringTests
{
    [Test]
    public void AddWorkloadControllers_WithMirroringAndRuntime_ControllersResolveInAScope()
    {
        using var provider = Compose(new MirrorOptions(MirrorRepository.Parse(MirrorTestFixture.Repository)))
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        using var scope = provider.CreateScope();

        scope.ServiceProvider.GetRequiredService<DeploymentController>().Should().NotBeNull();
        scope.ServiceProvider.GetRequiredService<DaemonSetController>().Should().NotBeNull();
        scope.ServiceProvider.GetRequiredService<StatefulSetController>().Should().NotBeNull();
        provider.GetServices<IControllerRunner>().Should().HaveCount(3);
        provider.GetRequiredService<IPullSecretCredentialsFactory>().FromDockerConfigJson("""{"auths":{}}""").For("docker.io").Should().BeNull();
    }

    [Test]
    public void AddImageMirroring_AloneWithCopier_ResolvesTheMirrorAndItsOptions()
    {
        var options = new MirrorOptions(MirrorRepository.Parse(MirrorTestFixture.Repository)) { DryRun = true };
        var copier = new FakeImageCopier();
        using var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IImageCopier>(copier)
            .AddSingleton<IManifestReader>(copier)
            .AddImageMirroring(options)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        provider.GetRequiredService<IImageMirror>().Should().BeOfType<ImageMirror>();
        provider.GetRequiredService<MirrorOptions>().Should().BeSameAs(options);
    }

    [Test]
    public void AddImageMirroring_BadOptions_StartValidationFailsNamingTheSetting()
    {
        using var provider = Compose(new MirrorOptions(MirrorRepository.Parse(MirrorTestFixture.Repository)) { RolloutCheckInterval = TimeSpan.Zero })
            .BuildServiceProvider();

        var start = () => provider.GetRequiredService<IStartupValidator>().Validate();

        start.Should().Throw<OptionsValidationException>().WithMessage("*RolloutCheckInterval*");
    }

    private static IServiceCollection Compose(MirrorOptions options)
    {
        var copier = new FakeImageCopier();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IKubernetes>(new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" }))
            .AddSingleton<IImageCopier>(copier)
            .AddSingleton<IManifestReader>(copier)
            .AddImageMirroring(options);
        services.AddKubernetesOperator(settings => settings.Namespace = "imageclone-system").AddWorkloadControllers();
        return services;
    }
}
