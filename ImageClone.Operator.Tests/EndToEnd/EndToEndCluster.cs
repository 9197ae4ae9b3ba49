using ImageClone.Tests.Support.FakeKube;
using k8s;
using k8s.Models;

namespace ImageClone.Tests.EndToEnd;

/// <summary>
/// A fresh fake API server for one test, whose pods report the digests of the images pushed to
/// <see cref="Registries"/>, with the queries end-to-end tests assert on: workload images, writes per
/// workload (only those made through the API: the rollout simulator writes the store directly), events.
/// </summary>
internal sealed class EndToEndCluster : IAsyncDisposable
{
    public const string ControllerNamespace = "imageclone-system";

    private EndToEndCluster(FakeKubeApiServer server, EndToEndRegistries registries)
    {
        Server = server;
        Registries = registries;
    }

    public FakeKubeApiServer Server { get; }

    public EndToEndRegistries Registries { get; }

    public static async Task<EndToEndCluster> StartAsync(EndToEndRegistries registries) =>
        new(await FakeKubeApiServer.StartAsync(new FakeKubeOptions { ImageIdResolver = registries.ImageIds.Resolve }), registries);

    /// <summary>Adds a user bound to the generated ClusterRole (config/rbac/role.yaml), so RBAC is enforced on it.</summary>
    public void AddOperatorUser(string user) =>
        Server.AddUser(user, $"{user}-{Guid.NewGuid():N}", RepositoryRoot.GeneratedRolePath);

    public V1Deployment Deployment(string ns, string name) =>
        Server.Get<V1Deployment>(ns, name) ?? throw new InvalidOperationException($"no Deployment {ns}/{name}");

    public V1DaemonSet DaemonSet(string ns, string name) =>
        Server.Get<V1DaemonSet>(ns, name) ?? throw new InvalidOperationException($"no DaemonSet {ns}/{name}");

    /// <summary>The container images of a Deployment's pod template, init containers first.</summary>
    public IReadOnlyList<string> DeploymentImages(string ns, string name) => Images(Deployment(ns, name).Spec.Template);

    public IReadOnlyList<string> DaemonSetImages(string ns, string name) => Images(DaemonSet(ns, name).Spec.Template);

    /// <summary>Write requests (create, update, patch, delete; answered or refused) to one Deployment or DaemonSet.</summary>
    public IReadOnlyList<RecordedRequest> WritesTo(string resource, string ns, string name) =>
        [.. Server.Requests.Where(r => r.IsWrite && r.Resource == resource && r.Namespace == ns && r.Name == name)];

    /// <summary>Writes to any Deployment or DaemonSet that the server accepted.</summary>
    public IReadOnlyList<RecordedRequest> AcceptedWorkloadWrites() =>
        [.. Server.Requests.Where(r => r.IsWrite && r.Resource is "deployments" or "daemonsets" && r.StatusCode is >= 200 and < 300)];

    /// <summary>
    /// Waits until an accepted write to the workload is recorded: the server records a request after answering it,
    /// so a write can be visible in the store a moment before it is in <see cref="FakeKubeApiServer.Requests"/>.
    /// </summary>
    public Task<RecordedRequest> WaitForAcceptedWriteAsync(string resource, string ns, string name) =>
        Server.WaitForRequestAsync(r => r.IsWrite && r.Resource == resource && r.Namespace == ns && r.Name == name && r.StatusCode is >= 200 and < 300);

    public IReadOnlyList<Corev1Event> Events(string ns, string name, string? reason = null) =>
        [.. Server.Events(ns, name).Where(e => reason is null || e.Reason == reason)];

    public Task WaitForDeploymentImagesAsync(string ns, string name, params string[] expected) =>
        Wait.UntilAsync(() => DeploymentImages(ns, name).SequenceEqual(expected),
            () => $"Deployment {ns}/{name} has images [{string.Join(", ", expected)}] (now [{string.Join(", ", DeploymentImages(ns, name))}])");

    public Task WaitForDaemonSetImagesAsync(string ns, string name, params string[] expected) =>
        Wait.UntilAsync(() => DaemonSetImages(ns, name).SequenceEqual(expected),
            () => $"DaemonSet {ns}/{name} has images [{string.Join(", ", expected)}] (now [{string.Join(", ", DaemonSetImages(ns, name))}])");

    public Task WaitForEventAsync(string ns, string name, string reason) =>
        Wait.UntilAsync(() => Events(ns, name, reason).Count > 0, $"{ns}/{name} has a {reason} event");

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private static IReadOnlyList<string> Images(V1PodTemplateSpec template) =>
        [.. (template.Spec.InitContainers ?? []).Concat(template.Spec.Containers).Select(c => c.Image)];
}
