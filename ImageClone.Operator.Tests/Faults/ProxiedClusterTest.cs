using ImageClone.Tests.EndToEnd;
using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.Faults;

/// <summary>
/// Base of the fault, bad-input and security fixtures: the end-to-end registries once per fixture (a fixture fails when
/// one cannot start), the test's own part of the real control plane and fresh counting proxies per test, and the operator through the harness.
/// </summary>
internal abstract class ProxiedClusterTest
{
    /// <summary>This test's namespace ("shop-&lt;n&gt;").</summary>
    protected string Namespace => Cluster.Ns("shop");

    private EndToEndRegistries? _registries;

    protected EndToEndRegistries Registries => _registries ?? throw new InvalidOperationException("started in OneTimeSetUp");

    protected EndToEndCluster Cluster { get; private set; } = null!;

    protected ProxiedRegistries Proxies { get; private set; } = null!;

    protected MirrorVerifier Verifier => new(Registries, Proxies);

    /// <summary>Whether the test's API proxy forwards to the apiserver without watch cache (where compaction yields 410s).</summary>
    protected virtual bool Uncached => false;

    [OneTimeSetUp]
    public async Task StartRegistriesAsync() => _registries = await EndToEndRegistries.StartAsync();

    [OneTimeTearDown]
    public async Task StopRegistriesAsync()
    {
        if (_registries is not null)
        {
            await _registries.DisposeAsync();
        }
    }

    [SetUp]
    public async Task StartClusterAsync()
    {
        Proxies = await ProxiedRegistries.StartAsync(Registries);
        Cluster = await EndToEndCluster.StartAsync(Registries, Uncached);
    }

    [TearDown]
    public async Task StopClusterAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        if (Proxies is not null)
        {
            await Proxies.DisposeAsync();
        }
    }

    protected Task<OperatorHarness> StartOperatorAsync(OperatorHarnessOptions? options = null) =>
        OperatorHarness.StartAsync(Cluster, Proxies.Configure(options ?? new OperatorHarnessOptions()));

    /// <summary>Pushes an image and creates a Deployment (named like the image) that runs it.</summary>
    protected async Task<ProxiedImage> DeployAsync(string name, params long[] layerSizes)
    {
        var image = await Proxies.PushAsync(name, layerSizes);
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Namespace, name, ("app", image.Reference)));
        return image;
    }

    /// <summary>Waits until the Deployment runs the copy of <paramref name="image"/> and the write that made it so is recorded.</summary>
    protected async Task WaitForMirroredAsync(ProxiedImage image, TimeSpan? timeout = null)
    {
        IReadOnlyList<string> now = [];
        await Wait.UntilAsync(
            async () => (now = await Cluster.DeploymentImagesAsync(Namespace, image.Name)).SequenceEqual([Proxies.MirrorOf(image)]),
            () => $"Deployment {Namespace}/{image.Name} runs {Proxies.MirrorOf(image)} (now {string.Join(", ", now)})",
            timeout);
        await Cluster.WaitForAcceptedWriteAsync("deployments", Namespace, image.Name);
    }

    /// <summary>Successful writes to one Deployment or DaemonSet.</summary>
    protected int AcceptedWrites(string resource, string name) =>
        Cluster.WritesTo(resource, Namespace, name).Count(w => w.StatusCode is >= 200 and < 300);
}
