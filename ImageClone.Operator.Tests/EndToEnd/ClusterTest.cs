namespace ImageClone.Tests.EndToEnd;

/// <summary>Base of the end-to-end fixtures: a fresh fake cluster per test, the shared registries of <see cref="EndToEndSetUp"/>.</summary>
internal abstract class ClusterTest
{
    protected EndToEndCluster Cluster { get; private set; } = null!;

    protected static EndToEndRegistries Registries => EndToEndSetUp.Registries;

    [SetUp]
    public async Task StartClusterAsync() => Cluster = await EndToEndCluster.StartAsync(Registries);

    [TearDown]
    public async Task StopClusterAsync() => await Cluster.DisposeAsync();
}
