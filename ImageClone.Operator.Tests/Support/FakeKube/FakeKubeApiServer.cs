using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>
/// An in-process Kubernetes API server on a loopback HTTPS port (self-signed, trusted through the kubeconfig), for the real KubernetesClient and kubectl.
/// It serves namespaces, pods, secrets, events, deployments, daemonsets and leases with list/watch/get/create/update/patch/delete,
/// resourceVersion semantics, RBAC per bearer token, injected faults and a rollout simulator.
/// </summary>
public sealed class FakeKubeApiServer : IAsyncDisposable
{
    private const string Admin = "admin";

    private readonly WebApplication _app;
    private readonly ObjectStore _store;
    private readonly RbacAuthorizer _rbac;
    private readonly WatchStreamer _watches;
    private readonly RequestLog _requests;
    private readonly TimeProvider _time;
    private readonly string _directory;
    private readonly X509Certificate2 _certificate;

    private FakeKubeApiServer(WebApplication app, ObjectStore store, RbacAuthorizer rbac, WatchStreamer watches,
        RequestLog requests, FaultInjector faults, RolloutSimulator rollouts, TimeProvider time, X509Certificate2 certificate)
    {
        _certificate = certificate;
        _app = app;
        _store = store;
        _rbac = rbac;
        _watches = watches;
        _requests = requests;
        _time = time;
        Faults = faults;
        Rollouts = rollouts;
        _directory = Directory.CreateTempSubdirectory("fakekube-").FullName;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUri = new Uri(address);
    }

    public Uri BaseUri { get; }

    public FaultInjector Faults { get; }

    public RolloutSimulator Rollouts { get; }

    /// <summary>Every answered request, oldest first (discovery included; filter on <see cref="RecordedRequest.Resource"/>).</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.Snapshot();

    /// <summary>The current global resourceVersion.</summary>
    public long ResourceVersion => _store.ResourceVersion;

    public ExpiredWatchReply ExpiredWatchReply
    {
        get => _watches.ExpiredReply;
        set => _watches.ExpiredReply = value;
    }

    public static async Task<FakeKubeApiServer> StartAsync(FakeKubeOptions? options = null)
    {
        options ??= new FakeKubeOptions();
        var store = new ObjectStore();
        var rbac = new RbacAuthorizer();
        rbac.AddUser(Admin, Guid.NewGuid().ToString("N"), rules: null);
        var faults = new FaultInjector();
        var watches = new WatchStreamer(store, options.BookmarkInterval);
        var requests = new RequestLog();
        var pipeline = new KubeHttpPipeline(rbac, faults, new ResourceHandler(store, options.TimeProvider), watches, requests);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var certificate = ServingCertificate.Create();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        app.Run(pipeline.InvokeAsync);
        await app.StartAsync();
        return new FakeKubeApiServer(app, store, rbac, watches, requests, faults, new RolloutSimulator(store, options), options.TimeProvider, certificate);
    }

    /// <summary>Adds a user authenticated by <paramref name="token"/>; with a ClusterRole YAML file its rules are enforced, without one it may do anything.</summary>
    public void AddUser(string user, string token, string? clusterRoleYamlPath) =>
        _rbac.AddUser(user, token, clusterRoleYamlPath is null ? null : ClusterRoleLoader.LoadRules(clusterRoleYamlPath));

    /// <summary>Writes a kubeconfig for <paramref name="user"/> (server URL and bearer token) and returns its path.</summary>
    public string WriteKubeconfig(string user = Admin) =>
        KubeconfigWriter.Write(_directory, BaseUri, ServingCertificate.ToPem(_certificate), user, _rbac.TokenOf(user) ?? throw new ArgumentException($"unknown user {user}", nameof(user)));

    /// <summary>A real KubernetesClient for <paramref name="user"/>, built from its kubeconfig.</summary>
    public Kubernetes CreateClient(string user = Admin) =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(WriteKubeconfig(user)));

    /// <summary>Seeds an object as if created through the API (uid, timestamps, resourceVersion); a given status is kept.</summary>
    public T Create<T>(T obj) where T : IKubernetesObject<V1ObjectMeta>
    {
        var resource = KubeResourceCatalog.For<T>();
        var json = ServerOwnedFields.ForCreate(resource, ToJson(obj), null, _time.GetUtcNow(), resetStatus: false);
        return FromJson<T>(_store.Create(resource, json));
    }

    public T? Get<T>(string? ns, string name) where T : IKubernetesObject<V1ObjectMeta>
    {
        var resource = KubeResourceCatalog.For<T>();
        var found = _store.Get(resource, resource.Namespaced ? ns ?? "default" : "", name);
        return found is null ? default : FromJson<T>(found);
    }

    public IReadOnlyList<T> List<T>(string? ns = null) where T : IKubernetesObject<V1ObjectMeta> =>
        [.. _store.List(KubeResourceCatalog.For<T>(), new ObjectFilter(ns, null, null)).Items.Select(FromJson<T>)];

    /// <summary>Replaces an object as a PUT would (status kept, generation bumped on a spec change, 409 on a stale resourceVersion).</summary>
    public T Update<T>(T obj) where T : IKubernetesObject<V1ObjectMeta> => Replace(obj, subresource: null);

    /// <summary>Replaces only the status, as a PUT to /status would.</summary>
    public T UpdateStatus<T>(T obj) where T : IKubernetesObject<V1ObjectMeta> => Replace(obj, subresource: "status");

    public void Delete<T>(string? ns, string name) where T : IKubernetesObject<V1ObjectMeta>
    {
        var resource = KubeResourceCatalog.For<T>();
        _store.Delete(resource, resource.Namespaced ? ns ?? "default" : "", name);
    }

    /// <summary>Core v1 Events, optionally of one namespace and about one object.</summary>
    public IReadOnlyList<Corev1Event> Events(string? ns = null, string? involvedObjectName = null) =>
        [.. List<Corev1Event>(ns).Where(e => involvedObjectName is null || e.InvolvedObject?.Name == involvedObjectName)];

    /// <summary>Compacts history: watches from any earlier resourceVersion get 410, open streams get an ERROR event and end.</summary>
    public void ExpireWatches() => _store.ExpireWatches();

    /// <summary>Cuts every open watch connection without a proper end of stream.</summary>
    public void DropWatchConnections() => _store.DropWatches();

    /// <summary>Sends a BOOKMARK with the current resourceVersion now to every watch that allowed bookmarks.</summary>
    public void SendBookmarks() => _store.Bookmark();

    public void ClearRequests() => _requests.Clear();

    /// <summary>Waits (default 10 s) until a request matching <paramref name="predicate"/> has been answered, e.g. a client's watch being open.</summary>
    public Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> predicate, TimeSpan? timeout = null) =>
        _requests.WaitForAsync(predicate, timeout ?? TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        _store.DropWatches();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
        _certificate.Dispose();
    }

    private T Replace<T>(T obj, string? subresource) where T : IKubernetesObject<V1ObjectMeta>
    {
        var resource = KubeResourceCatalog.For<T>();
        var ns = resource.Namespaced ? obj.Metadata.NamespaceProperty ?? "default" : "";
        var json = ToJson(obj);
        return FromJson<T>(_store.Update(resource, ns, obj.Metadata.Name, stored => ServerOwnedFields.ForUpdate(resource, stored, json, subresource)));
    }

    private static JsonObject ToJson<T>(T obj) => JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();

    private static T FromJson<T>(JsonObject json) => KubernetesJson.Deserialize<T>(json.ToJsonString());
}
