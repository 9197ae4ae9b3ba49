using ImageClone.Controllers;
using ImageClone.Mirroring;
using ImageClone.Operator;
using ImageClone.Registry;
using ImageClone.Tests.Mirroring;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace ImageClone.Tests.Controllers;

public class MirroringServiceCollectionExtensionsTests
{
    [Test]
    public void AddImageMirroring_WithOperatorRuntime_ControllersResolveInAScope()
    {
        var copier = new FakeImageCopier();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IKubernetes>(new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" }))
            .AddSingleton<IImageCopier>(copier)
            .AddSingleton<IManifestReader>(copier)
            .AddImageMirroring(new MirrorOptions(MirrorRepository.Parse(MirrorTestFixture.Repository)));
        services.AddKubernetesOperator(settings => settings.Namespace = "imageclone-system")
            .AddController<DeploymentController, V1Deployment>()
            .AddController<DaemonSetController, V1DaemonSet>();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        using var scope = provider.CreateScope();

        scope.ServiceProvider.GetRequiredService<DeploymentController>().Should().NotBeNull();
        scope.ServiceProvider.GetRequiredService<DaemonSetController>().Should().NotBeNull();
    }

    [Test]
    public void AddImageMirroring_WithClientAndCopier_ResolvesMirrorAndBothControllers()
    {
        var copier = new FakeImageCopier();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IKubernetes>(new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" }))
            .AddSingleton<IImageCopier>(copier)
            .AddSingleton<IManifestReader>(copier)
            .AddImageMirroring(new MirrorOptions(MirrorRepository.Parse(MirrorTestFixture.Repository)));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        provider.GetRequiredService<IImageMirror>().Should().BeOfType<ImageMirror>();
        ActivatorUtilities.CreateInstance<DeploymentController>(provider).Should().BeAssignableTo<IEntityController<V1Deployment>>();
        ActivatorUtilities.CreateInstance<DaemonSetController>(provider).Should().BeAssignableTo<IEntityController<V1DaemonSet>>();
        provider.GetRequiredService<IPullSecretCredentialsFactory>().FromDockerConfigJson("""{"auths":{}}""").For("docker.io").Should().BeNull();
    }
}
