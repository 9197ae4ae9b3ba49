namespace ImageClone.Tests.EndToEnd;

/// <summary>Base of the end-to-end fixtures: the test's own part of the real control plane, the shared registries of <see cref="EndToEndSetUp"/>.</summary>
internal abstract class ClusterTest
{
    protected EndToEndCluster Cluster { get; private set; } = null!;

    protected static EndToEndRegistries Registries => EndToEndSetUp.Registries;

    /// <summary>This test's namespace "shop-&lt;n&gt;", and another one, "ops-&lt;n&gt;".</summary>
    protected string Shop => Cluster.Ns("shop");

    protected string Ops => Cluster.Ns("ops");

    /// <summary>Whether the test's proxy forwards to the apiserver without watch cache (for 410s after compaction).</summary>
    protected virtual bool Uncached => false;

    [SetUp]
    public async Task StartClusterAsync() => Cluster = await EndToEndCluster.StartAsync(Registries, Uncached);

    [TearDown]
    public async Task StopClusterAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}
