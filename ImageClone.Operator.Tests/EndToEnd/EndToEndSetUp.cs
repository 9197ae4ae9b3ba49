namespace ImageClone.Tests.EndToEnd;

/// <summary>Starts the registries once for every end-to-end test in this namespace (they fail, not skip, when a registry cannot start).</summary>
[SetUpFixture]
internal sealed class EndToEndSetUp
{
    private static EndToEndRegistries? _registries;

    public static EndToEndRegistries Registries =>
        _registries ?? throw new InvalidOperationException("The end-to-end registries are started by EndToEndSetUp.");

    [OneTimeSetUp]
    public async Task StartRegistriesAsync() => _registries = await EndToEndRegistries.StartAsync();

    [OneTimeTearDown]
    public async Task StopRegistriesAsync()
    {
        if (_registries is not null)
        {
            await _registries.DisposeAsync();
            _registries = null;
        }
    }
}
