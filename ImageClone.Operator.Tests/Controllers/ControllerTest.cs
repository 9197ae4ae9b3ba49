namespace ImageClone.Tests.Controllers;

/// <summary>A fresh <see cref="ControllerTestFixture"/> (fake API server, fake copier, both controllers) for each test.</summary>
internal abstract class ControllerTest
{
    protected ControllerTestFixture Fixture { get; set; } = null!;

    /// <summary>How the fixture starts; by default with an unrestricted API client.</summary>
    protected virtual Task<ControllerTestFixture> StartFixtureAsync() => ControllerTestFixture.StartAsync();

    [SetUp]
    public async Task StartAsync() => Fixture = await StartFixtureAsync();

    [TearDown]
    public async Task StopAsync() => await Fixture.DisposeAsync();
}
