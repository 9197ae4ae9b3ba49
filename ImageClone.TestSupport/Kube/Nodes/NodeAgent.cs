using System.Collections.Concurrent;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ImageClone.Tests.Support.Kube.Nodes;

/// <summary>
/// The simulated nodes: registers them (Ready, <c>kubernetes.io/arch</c> labels, the not-ready taint lifted — there is
/// no node lifecycle controller), and for every pod bound to one of them does what its kubelet would: pulls each
/// image from its real registry with only the pod's <c>imagePullSecrets</c> (per node, an image already pulled is
/// reused unless the pull policy is Always), writes the pod status (Running and Ready with the runtime's
/// <c>imageID</c> form, or Waiting <c>ErrImagePull</c> / <c>ImagePullBackOff</c> with the registry's answer, retried
/// with backoff), and completes the deletion of pods being deleted. The runtime is the node's, unless the pod's
/// namespace carries the label <see cref="RuntimeLabel"/> (containerd, cri-o, cri-o-config-id, docker).
/// </summary>
internal sealed class NodeAgent : IAsyncDisposable
{
    public const string RuntimeLabel = "testbed.imageclone.io/runtime";

    private readonly IKubernetes _client;
    private readonly NodeAgentOptions _options;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private readonly ImagePuller _puller;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, PodTracker> _pods = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Node, string Image), PulledImage> _imageStores = new();
    private readonly ConcurrentDictionary<string, ContainerRuntime?> _namespaceRuntimes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (SimulatedNode Node, string Ip)> _nodes;
    private readonly ConcurrentDictionary<(string Namespace, string App), byte> _heldReadiness = new();
    private readonly ConcurrentDictionary<string, string> _blockedPulls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _unreadyImages = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _concurrency;
    private Task _watching = Task.CompletedTask;
    private int _podIps;

    private NodeAgent(IKubernetes client, NodeAgentOptions options)
    {
        _client = client;
        _options = options;
        _puller = new ImagePuller(_http);
        _concurrency = new SemaphoreSlim(options.Concurrency);
        _nodes = options.Nodes.Select((n, i) => (n, Ip: $"127.0.1.{i + 1}")).ToDictionary(x => x.n.Name, x => (x.n, x.Ip), StringComparer.Ordinal);
    }

    public IReadOnlyList<SimulatedNode> Nodes => _options.Nodes;

    /// <summary>The last unexpected failure of the agent itself (not a pull failure), for test diagnostics.</summary>
    public Exception? LastFailure { get; private set; }

    public static async Task<NodeAgent> StartAsync(IKubernetes client, NodeAgentOptions options)
    {
        var agent = new NodeAgent(client, options);
        foreach (var node in options.Nodes)
        {
            await agent.RegisterAsync(node);
        }

        var listed = await client.CoreV1.ListPodForAllNamespacesAsync();
        agent._watching = Task.Run(() => agent.WatchAsync(listed.Metadata.ResourceVersion, agent._stop.Token));
        foreach (var pod in listed.Items)
        {
            agent.Observe(WatchEventType.Added, pod);
        }

        return agent;
    }

    /// <summary>
    /// Makes the readiness probe of every container of the pods labelled <c>app=<paramref name="app"/></c> in
    /// <paramref name="ns"/> fail (they run, but are not Ready), now and for pods created later, until
    /// <see cref="ReleaseReadiness"/>: a rollout that cannot become healthy.
    /// </summary>
    public void HoldReadiness(string ns, string app)
    {
        _heldReadiness[(ns, app)] = 0;
        Refresh(ns, app);
    }

    public void ReleaseReadiness(string ns, string app)
    {
        _heldReadiness.TryRemove((ns, app), out _);
        Refresh(ns, app);
    }

    /// <summary>
    /// Makes every node fail to pull images starting with <paramref name="imagePrefix"/> (as if its network could not
    /// reach that registry), with <paramref name="message"/> as the registry's answer, until <see cref="UnblockPulls"/>.
    /// </summary>
    public void BlockPulls(string imagePrefix, string message) => _blockedPulls[imagePrefix] = message;

    public void UnblockPulls(string imagePrefix) => _blockedPulls.TryRemove(imagePrefix, out _);

    /// <summary>Pods running an image that starts with <paramref name="imagePrefix"/> run but never become Ready (a readiness probe that fails on that build).</summary>
    public void HoldReadinessOfImages(string imagePrefix) => _unreadyImages[imagePrefix] = 0;

    public void ReleaseReadinessOfImages(string imagePrefix) => _unreadyImages.TryRemove(imagePrefix, out _);

    /// <summary>Forgets what every node has pulled, as new nodes would have nothing: the next pod pulls again.</summary>
    public void ClearImageStores() => _imageStores.Clear();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _watching;
        }
        catch (OperationCanceledException)
        {
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private void Refresh(string ns, string app)
    {
        foreach (var tracker in _pods.Values.Where(t => t.Latest.Metadata.NamespaceProperty == ns && AppOf(t.Latest) == app))
        {
            Observe(WatchEventType.Modified, tracker.Latest);
        }
    }

    private bool ReadinessHeld(V1Pod pod) =>
        (AppOf(pod) is { } app && _heldReadiness.ContainsKey((pod.Metadata.NamespaceProperty, app)))
        || pod.Spec.Containers.Any(c => _unreadyImages.Keys.Any(prefix => c.Image?.StartsWith(prefix, StringComparison.Ordinal) == true));

    private static string? AppOf(V1Pod pod) => pod.Metadata.Labels is { } labels && labels.TryGetValue("app", out var app) ? app : null;

    private string Signature(V1Pod pod) => $"{PodTracker.Signature(pod)}|held={ReadinessHeld(pod)}";

    private async Task RegisterAsync(SimulatedNode node)
    {
        var labels = new Dictionary<string, string>
        {
            ["kubernetes.io/arch"] = node.Architecture,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/hostname"] = node.Name,
            ["beta.kubernetes.io/arch"] = node.Architecture,
            ["beta.kubernetes.io/os"] = "linux",
        };
        await _client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = node.Name, Labels = labels } });
        var resources = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("64"), ["memory"] = new("256Gi"), ["pods"] = new("50000") };
        var now = DateTime.UtcNow;
        var status = new V1NodeStatus
        {
            Capacity = resources,
            Allocatable = resources,
            Addresses = [new V1NodeAddress { Address = _nodes[node.Name].Ip, Type = "InternalIP" }, new V1NodeAddress { Address = node.Name, Type = "Hostname" }],
            Conditions =
            [
                new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", Message = "simulated kubelet is posting ready status", LastHeartbeatTime = now, LastTransitionTime = now },
                new V1NodeCondition { Type = "MemoryPressure", Status = "False", Reason = "KubeletHasSufficientMemory", LastHeartbeatTime = now, LastTransitionTime = now },
                new V1NodeCondition { Type = "DiskPressure", Status = "False", Reason = "KubeletHasNoDiskPressure", LastHeartbeatTime = now, LastTransitionTime = now },
                new V1NodeCondition { Type = "PIDPressure", Status = "False", Reason = "KubeletHasSufficientPID", LastHeartbeatTime = now, LastTransitionTime = now },
            ],
            NodeInfo = new V1NodeSystemInfo
            {
                Architecture = node.Architecture, OperatingSystem = "linux", OsImage = "simulated", KernelVersion = "simulated",
                ContainerRuntimeVersion = RuntimeVersion(node.Runtime), KubeletVersion = "v1.20.2", KubeProxyVersion = "v1.20.2",
                MachineID = node.Name, SystemUUID = node.Name, BootID = node.Name,
            },
        };
        await _client.CoreV1.PatchNodeStatusAsync(new V1Patch(KubernetesJson.Serialize(new V1Node { Status = status }), V1Patch.PatchType.MergePatch), node.Name);

        // The apiserver taints a new node not-ready; without a node lifecycle controller its kubelet lifts that itself.
        var stored = await _client.CoreV1.ReadNodeAsync(node.Name);
        stored.Spec.Taints = node.Taints.Count == 0 ? null : [.. node.Taints];
        await _client.CoreV1.ReplaceNodeAsync(stored, node.Name);
    }

    private async Task WatchAsync(string resourceVersion, CancellationToken ct)
    {
        var version = resourceVersion;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await foreach (var (type, pod) in _client.CoreV1.WatchListPodForAllNamespacesAsync(
                    resourceVersion: version, allowWatchBookmarks: true, timeoutSeconds: 120, onError: e => throw e, cancellationToken: ct))
                {
                    version = pod.Metadata.ResourceVersion ?? version;
                    Observe(type, pod);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (IsGone(e))
            {
                var listed = await _client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: ct);
                version = listed.Metadata.ResourceVersion;
                foreach (var pod in listed.Items)
                {
                    Observe(WatchEventType.Modified, pod);
                }
            }
            catch (Exception e)
            {
                LastFailure = e;
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static bool IsGone(Exception e) =>
        e is KubernetesException { Status.Code: 410 } or HttpOperationException { Response.StatusCode: HttpStatusCode.Gone };

    private void Observe(WatchEventType type, V1Pod pod)
    {
        if (type == WatchEventType.Bookmark || pod.Spec?.NodeName is not { } nodeName || !_nodes.ContainsKey(nodeName))
        {
            return;
        }

        var uid = pod.Metadata.Uid;
        if (type == WatchEventType.Deleted)
        {
            if (_pods.TryRemove(uid, out var gone))
            {
                gone.Gone = true;
            }

            return;
        }

        var tracker = _pods.GetOrAdd(uid, _ => new PodTracker(pod));
        tracker.Latest = pod;
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            if (!tracker.ForceDeleted)
            {
                tracker.ForceDeleted = true;
                _ = Task.Run(() => CompleteDeletionAsync(pod));
            }

            return;
        }

        if (tracker.StartedSignature != Signature(pod) && tracker.TryClaim())
        {
            _ = Task.Run(() => RunPodAsync(tracker));
        }
    }

    private async Task CompleteDeletionAsync(V1Pod pod)
    {
        try
        {
            await _client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty,
                new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } }, cancellationToken: _stop.Token);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
        }
        catch (Exception e) when (!_stop.IsCancellationRequested)
        {
            LastFailure = e;
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Starts the pod's containers, retrying failed pulls with backoff, until it runs, changes hands or is gone.</summary>
    private async Task RunPodAsync(PodTracker tracker)
    {
        var backoff = _options.PullBackoffInitial;
        try
        {
            while (!_stop.IsCancellationRequested && !tracker.Gone && tracker.Latest.Metadata.DeletionTimestamp is null)
            {
                var pod = tracker.Latest;
                var signature = Signature(pod);
                IReadOnlyList<ContainerOutcome> outcomes;
                await _concurrency.WaitAsync(_stop.Token);
                try
                {
                    outcomes = await StartContainersAsync(pod, _stop.Token);
                    if (!await WriteStatusAsync(pod, outcomes))
                    {
                        return;
                    }
                }
                finally
                {
                    _concurrency.Release();
                }

                if (!outcomes.Any(o => o is ContainerOutcome.PullFailed))
                {
                    tracker.StartedSignature = signature;
                    if (Signature(tracker.Latest) == signature)
                    {
                        return;
                    }

                    continue;
                }

                await Task.Delay(backoff / 2, _stop.Token);
                var backingOff = outcomes.Select(o => o is ContainerOutcome.PullFailed f ? f with { BackingOff = true } : o).ToList();
                if (tracker.Gone || !await WriteStatusAsync(pod, backingOff))
                {
                    return;
                }

                await Task.Delay(backoff / 2, _stop.Token);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.PullBackoffMax.Ticks));
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LastFailure = e;
        }
        finally
        {
            tracker.Release();
            if (!tracker.Gone && tracker.StartedSignature != Signature(tracker.Latest) && tracker.Latest.Metadata.DeletionTimestamp is null && !_stop.IsCancellationRequested && tracker.TryClaim())
            {
                _ = Task.Run(() => RunPodAsync(tracker));
            }
        }
    }

    private async Task<IReadOnlyList<ContainerOutcome>> StartContainersAsync(V1Pod pod, CancellationToken ct)
    {
        var (node, _) = _nodes[pod.Spec.NodeName];
        var logins = await PullSecretLogins.ReadAsync(_client, pod, ct);
        var outcomes = new List<ContainerOutcome>();
        var containers = (pod.Spec.InitContainers ?? []).Select(c => (c, true)).Concat(pod.Spec.Containers.Select(c => (c, false)));
        foreach (var (container, isInit) in containers)
        {
            outcomes.Add(await StartAsync(node, container, isInit, logins, ct));
        }

        return outcomes;
    }

    private async Task<ContainerOutcome> StartAsync(SimulatedNode node, V1Container container, bool isInit, Func<string, RegistryLogin?> logins, CancellationToken ct)
    {
        var image = container.Image ?? "";
        if (container.ImagePullPolicy != "Always" && _imageStores.TryGetValue((node.Name, image), out var present))
        {
            return Started(node, container, isInit, present);
        }

        if (container.ImagePullPolicy == "Never")
        {
            return new ContainerOutcome.PullFailed(container.Name, image, isInit, $"Container image \"{image}\" is not present with pull policy of Never", BackingOff: false);
        }

        if (_blockedPulls.FirstOrDefault(b => image.StartsWith(b.Key, StringComparison.Ordinal)) is { Key: not null } blocked)
        {
            return new ContainerOutcome.PullFailed(container.Name, image, isInit, $"failed to pull and unpack image \"{image}\": {blocked.Value}", BackingOff: false);
        }

        try
        {
            var pulled = await _puller.PullAsync(image, node.Architecture, logins, ct);
            _imageStores[(node.Name, image)] = pulled;
            return Started(node, container, isInit, pulled);
        }
        catch (ImagePullException e)
        {
            return new ContainerOutcome.PullFailed(container.Name, image, isInit, e.Message, BackingOff: false);
        }
    }

    private static ContainerOutcome Started(SimulatedNode node, V1Container container, bool isInit, PulledImage pulled) =>
        pulled.Architecture != node.Architecture && pulled.ResolvedDigest == pulled.PlatformDigest
            ? new ContainerOutcome.WrongArchitecture(container.Name, container.Image, isInit, pulled)
            : new ContainerOutcome.Started(container.Name, container.Image, isInit, pulled);

    /// <returns>false when the pod is gone (or was replaced by another of the same name).</returns>
    private async Task<bool> WriteStatusAsync(V1Pod pod, IReadOnlyList<ContainerOutcome> outcomes)
    {
        var (node, hostIp) = _nodes[pod.Spec.NodeName];
        var runtime = await RuntimeOfAsync(pod.Metadata.NamespaceProperty) ?? node.Runtime;
        var podIp = pod.Status?.PodIP ?? NextPodIp();
        var status = PodStatuses.For(pod, outcomes, runtime, hostIp, podIp, ReadinessHeld(pod), DateTime.UtcNow);
        var patch = $"{{\"metadata\":{{\"uid\":\"{pod.Metadata.Uid}\"}},\"status\":{KubernetesJson.Serialize(status)}}}";
        try
        {
            await _client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: _stop.Token);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity)
        {
            return false;
        }
    }

    private string NextPodIp()
    {
        var n = Interlocked.Increment(ref _podIps);
        return $"127.2.{n / 250 % 250}.{(n % 250) + 1}";
    }

    private async Task<ContainerRuntime?> RuntimeOfAsync(string ns)
    {
        if (_namespaceRuntimes.TryGetValue(ns, out var known))
        {
            return known;
        }

        var labels = (await _client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: _stop.Token)).Metadata.Labels;
        ContainerRuntime? runtime = (labels is not null && labels.TryGetValue(RuntimeLabel, out var name) ? name : null) switch
        {
            "containerd" => ContainerRuntime.Containerd,
            "cri-o" => ContainerRuntime.CriO,
            "cri-o-config-id" => ContainerRuntime.CriOConfigId,
            "docker" => ContainerRuntime.Docker,
            _ => null,
        };
        return _namespaceRuntimes[ns] = runtime;
    }

    private static string RuntimeVersion(ContainerRuntime runtime) => runtime switch
    {
        ContainerRuntime.Docker => "docker://20.10.24",
        ContainerRuntime.CriO or ContainerRuntime.CriOConfigId => "cri-o://1.20.9",
        _ => "containerd://1.6.20",
    };
}
