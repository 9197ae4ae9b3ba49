using k8s;

namespace ImageClone.Tests.Support.FakeKube;

/// <summary>A fresh fake API server and an admin client for each test.</summary>
public abstract class FakeKubeTest
{
    protected FakeKubeApiServer Server { get; private set; } = null!;

    protected Kubernetes Client { get; private set; } = null!;

    /// <summary>The server's options; by default without the rollout simulator.</summary>
    protected virtual FakeKubeOptions Options => new() { SimulateRollouts = false };

    [SetUp]
    public async Task StartServerAsync()
    {
        Server = await FakeKubeApiServer.StartAsync(Options);
        Client = Server.CreateClient();
    }

    [TearDown]
    public async Task StopServerAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
