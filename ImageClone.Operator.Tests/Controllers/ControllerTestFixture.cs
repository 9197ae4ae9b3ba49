using ImageClone.Controllers;
using ImageClone.Mirroring;
using ImageClone.Operator;
using ImageClone.Registry;
using ImageClone.Tests.Mirroring;
using ImageClone.Tests.Support.FakeKube;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace ImageClone.Tests.Controllers;

/// <summary>
/// The workload controllers wired as in production (<see cref="MirroringServiceCollectionExtensions.AddImageMirroring"/>)
/// against the fake API server through a real KubernetesClient, with an in-memory copier.
/// Pods report <c>docker-pullable://image@digest</c> with the digest <see cref="RunningDigestOf"/> gives.
/// </summary>
internal sealed class ControllerTestFixture : IAsyncDisposable
{
    public const string Namespace = "shop";

    private readonly ServiceProvider provider;
    private readonly Kubernetes client;

    private ControllerTestFixture(FakeKubeApiServer server, Func<MirrorOptions, MirrorOptions>? configure, string user)
    {
        Server = server;
        client = server.CreateClient(user);
        Options = (configure ?? (o => o))(new MirrorOptions(MirrorRepository.Parse(MirrorTestFixture.Repository)) { ControllerNamespace = "imageclone-system" });
        provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IKubernetes>(client)
            .AddSingleton<IImageCopier>(Copier)
            .AddImageMirroring(Options)
            .BuildServiceProvider();
        Deployments = ActivatorUtilities.CreateInstance<DeploymentController>(provider);
        DaemonSets = ActivatorUtilities.CreateInstance<DaemonSetController>(provider);
    }

    public FakeKubeApiServer Server { get; }

    public FakeImageCopier Copier { get; } = new();

    public MirrorOptions Options { get; }

    public DeploymentController Deployments { get; }

    public DaemonSetController DaemonSets { get; }

    public static async Task<ControllerTestFixture> StartAsync(Func<MirrorOptions, MirrorOptions>? configure = null) =>
        new(await StartServerAsync(), configure, "admin");

    /// <summary>The controllers as a user bound only to the ClusterRole generated from their <c>[EntityRbac]</c> declarations.</summary>
    public static async Task<ControllerTestFixture> StartWithGeneratedRoleAsync()
    {
        var server = await StartServerAsync();
        var rolePath = Path.Combine(Path.GetTempPath(), $"imageclone-role-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(rolePath, RbacGenerator.GenerateClusterRoleYaml([typeof(DeploymentController), typeof(DaemonSetController)]));
        try
        {
            server.AddUser("imageclone", Guid.NewGuid().ToString("N"), rolePath);
        }
        finally
        {
            File.Delete(rolePath);
        }

        return new ControllerTestFixture(server, null, "imageclone");
    }

    private static Task<FakeKubeApiServer> StartServerAsync() =>
        FakeKubeApiServer.StartAsync(new FakeKubeOptions { ImageIdResolver = image => $"docker-pullable://{image}@{RunningDigestOf(image)}" });

    public static string RunningDigestOf(string image) => FakeImageCopier.DigestOf("running " + image);

    /// <summary>The stored Deployment, as a watch would hand it to the controller.</summary>
    public V1Deployment Deployment(string name) =>
        Server.Get<V1Deployment>(Namespace, name) ?? throw new InvalidOperationException($"no deployment {name}");

    public IReadOnlyList<RecordedRequest> Writes(string resource) =>
        [.. Server.Requests.Where(r => r.IsWrite && r.Resource == resource)];

    public IReadOnlyList<Corev1Event> Events(string workload, string reason) =>
        [.. Server.Events(Namespace, workload).Where(e => e.Reason == reason)];

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await provider.DisposeAsync();
        await Server.DisposeAsync();
    }
}
