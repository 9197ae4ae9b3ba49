using ImageClone.Tests.Support;

namespace ImageClone.Tests.Controllers;

/// <summary>
/// A fresh <see cref="ControllerTestFixture"/> (the real control plane, a fake copier, both controllers) for each test,
/// and one anonymous loopback registry for the test class, which its workloads' images are pushed to.
/// </summary>
internal abstract class ControllerTest
{
    protected RegistryProcess Registry { get; private set; } = null!;

    protected ControllerTestFixture Fixture { get; set; } = null!;

    /// <summary>How the fixture starts; by default as the operator's service account.</summary>
    protected virtual Task<ControllerTestFixture> StartFixtureAsync() => ControllerTestFixture.StartAsync(Registry);

    [OneTimeSetUp]
    public async Task StartRegistryAsync() => Registry = await RegistryProcess.StartAnonymousAsync();

    [OneTimeTearDown]
    public async Task StopRegistryAsync() => await Registry.DisposeAsync();

    [SetUp]
    public async Task StartAsync() => Fixture = await StartFixtureAsync();

    [TearDown]
    public async Task StopAsync() => await Fixture.DisposeAsync();
}
