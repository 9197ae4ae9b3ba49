using ImageClone.Tests.Support.Kube.Nodes;
using k8s;
using k8s.Models;

namespace ImageClone.Tests.Support.Kube;

/// <summary>
/// The real control plane of a test run, built from Debian's kubernetes source package (v1.20.2): etcd,
/// kube-apiserver with RBAC, kube-controller-manager (deployment, replicaset, daemonset, statefulset, garbage
/// collector and namespace controllers) and kube-scheduler, plus the simulated nodes of <see cref="NodeAgent"/>.
/// One per test run (<see cref="SharedAsync"/>); tests keep apart by namespace. The committed
/// <c>config/rbac</c> ClusterRole and binding are applied, so the operator's service account has exactly the role
/// a cluster would give it. Every start failure names its step.
/// </summary>
internal sealed class ControlPlane : IAsyncDisposable
{
    private static readonly Lock SharedGate = new();
    private static Task<ControlPlane>? _shared;

    private readonly string _binaries;
    private readonly Etcd _etcd;
    private readonly string _tokenFile;
    private readonly List<ComponentProcess> _controllers;
    private readonly SemaphoreSlim _uncachedGate = new(1, 1);
    private KubeApiServer? _uncached;

    private ControlPlane(string directory, string binaries, ControlPlanePki pki, ControlPlaneUsers users, string tokenFile, Etcd etcd, KubeApiServer apiServer, List<ComponentProcess> controllers)
    {
        Directory = directory;
        _binaries = binaries;
        Pki = pki;
        Users = users;
        _tokenFile = tokenFile;
        _etcd = etcd;
        ApiServer = apiServer;
        _controllers = controllers;
        Admin = CreateClient(ControlPlaneUsers.Admin);
    }

    /// <summary>Where the control plane keeps its certificates, kubeconfigs and component logs.</summary>
    public string Directory { get; }

    public ControlPlanePki Pki { get; }

    public ControlPlaneUsers Users { get; }

    /// <summary>The apiserver as production runs it (watch cache on).</summary>
    public KubeApiServer ApiServer { get; }

    /// <summary>An unrestricted client (system:masters).</summary>
    public Kubernetes Admin { get; }

    public NodeAgent Nodes { get; private set; } = null!;

    /// <summary>The control plane of this test run, started on first use and stopped by <see cref="StopSharedAsync"/>.</summary>
    public static Task<ControlPlane> SharedAsync()
    {
        lock (SharedGate)
        {
            return _shared ??= StartAsync();
        }
    }

    public static async Task StopSharedAsync()
    {
        Task<ControlPlane>? shared;
        lock (SharedGate)
        {
            shared = _shared;
            _shared = null;
        }

        if (shared is { IsCompletedSuccessfully: true })
        {
            await (await shared).DisposeAsync();
        }
    }

    public static async Task<ControlPlane> StartAsync()
    {
        var binaries = await ControlPlaneBinaries.BuildAsync();
        var directory = System.IO.Directory.CreateTempSubdirectory("imageclone-control-plane-").FullName;
        var pki = ControlPlanePki.Write(directory);
        var users = ControlPlaneUsers.Create();
        var tokenFile = Path.Combine(directory, "tokens.csv");
        await File.WriteAllTextAsync(tokenFile, users.TokenFile());

        var etcd = await Etcd.StartAsync(binaries, directory);
        KubeApiServer apiServer;
        try
        {
            apiServer = await KubeApiServer.StartAsync("kube-apiserver", binaries, directory, etcd, pki, tokenFile, watchCache: true);
        }
        catch
        {
            await etcd.DisposeAsync();
            throw;
        }

        var admin = Kubeconfig.Write(directory, "controllers", apiServer.Url, pki.CaPem, users.Get(ControlPlaneUsers.Admin).Token);
        var controllers = new List<ComponentProcess>
        {
            ComponentProcess.Start("kube-controller-manager", Path.Combine(binaries, "kube-controller-manager"), directory,
            [
                $"--kubeconfig={admin}", "--controllers=deployment,replicaset,daemonset,statefulset,garbagecollector,namespace",
                "--leader-elect=false", "--port=0", "--secure-port=0", "--kube-api-qps=200", "--kube-api-burst=400",
                "--concurrent-deployment-syncs=10", "--concurrent-replicaset-syncs=10",
                "--logtostderr=true", "--v=0",
            ]),
            ComponentProcess.Start("kube-scheduler", Path.Combine(binaries, "kube-scheduler"), directory,
            [
                $"--kubeconfig={admin}", "--leader-elect=false", "--port=0", "--secure-port=0",
                "--kube-api-qps=200", "--kube-api-burst=400", "--logtostderr=true", "--v=0",
            ]),
        };
        var plane = new ControlPlane(directory, binaries, pki, users, tokenFile, etcd, apiServer, controllers);
        try
        {
            await plane.ApplyOperatorRbacAsync();
            plane.Nodes = await NodeAgent.StartAsync(plane.CreateClient(ControlPlaneUsers.Admin), NodeAgentOptions.Default);
            plane.ThrowIfAControllerExited();
            return plane;
        }
        catch
        {
            await plane.DisposeAsync();
            throw;
        }
    }

    /// <summary>A kubeconfig for one of <see cref="Users"/> (by label), pointing at <paramref name="server"/> (default: the apiserver).</summary>
    public string WriteKubeconfig(string userLabel, Uri? server = null, string? caPem = null) =>
        Kubeconfig.Write(Directory, userLabel, server ?? ApiServer.Url, caPem ?? Pki.CaPem, Users.Get(userLabel).Token);

    public Kubernetes CreateClient(string userLabel, Uri? server = null, string? caPem = null, params DelegatingHandler[] handlers) =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(WriteKubeconfig(userLabel, server, caPem)), handlers);

    /// <summary>A second apiserver on the same etcd with the watch cache off, started on first use: after <see cref="CompactEtcdAsync"/> it answers a watch from an older resourceVersion with 410.</summary>
    public async Task<KubeApiServer> UncachedApiServerAsync()
    {
        await _uncachedGate.WaitAsync();
        try
        {
            return _uncached ??= await KubeApiServer.StartAsync("kube-apiserver-uncached", _binaries, Directory, _etcd, Pki, _tokenFile, watchCache: false);
        }
        finally
        {
            _uncachedGate.Release();
        }
    }

    /// <summary>Compacts etcd's history to its current revision.</summary>
    public Task<long> CompactEtcdAsync() => _etcd.CompactAsync();

    public void ThrowIfAControllerExited()
    {
        if (_controllers.FirstOrDefault(c => c.HasExited) is { } exited)
        {
            throw new InvalidOperationException($"Test control plane: {exited.Name} exited:\n{exited.Tail(30)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Nodes is not null)
        {
            await Nodes.DisposeAsync();
        }

        foreach (var controller in _controllers)
        {
            await controller.DisposeAsync();
        }

        if (_uncached is not null)
        {
            await _uncached.DisposeAsync();
        }

        await ApiServer.DisposeAsync();
        await _etcd.DisposeAsync();
        Admin.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        _uncachedGate.Dispose();
    }

    private async Task ApplyOperatorRbacAsync()
    {
        var role = KubernetesYaml.Deserialize<V1ClusterRole>(await File.ReadAllTextAsync(Path.Combine(TestbedRoot.Path, "config", "rbac", "role.yaml")));
        var binding = KubernetesYaml.Deserialize<V1ClusterRoleBinding>(await File.ReadAllTextAsync(Path.Combine(TestbedRoot.Path, "config", "rbac", "role_binding.yaml")));
        await Admin.RbacAuthorizationV1.CreateClusterRoleAsync(role);
        await Admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(binding);
    }
}
