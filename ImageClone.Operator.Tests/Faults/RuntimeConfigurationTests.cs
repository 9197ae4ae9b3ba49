using System.Text.Json;

namespace ImageClone.Tests.Faults;

/// <summary>
/// The operator's process settings, as built into ImageClone.Operator.runtimeconfig.json: the fleet benchmark's peak
/// RSS depends on them (server GC keeps a heap per core and large allocation budgets; a non-concurrent workstation GC
/// lets its gen0 budget grow to 200 MB while the start-up lists fill the caches; tiered compilation compiles the
/// ReadyToRun code again).
/// </summary>
[TestFixture]
internal sealed class RuntimeConfigurationTests
{
    [Test]
    public void RuntimeConfig_WorkstationConcurrentGarbageCollector_AndNoTieredCompilation()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "ImageClone.Operator.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        properties.GetProperty("System.GC.Server").GetBoolean().Should().BeFalse();
        properties.GetProperty("System.GC.Concurrent").GetBoolean().Should().BeTrue();
        properties.GetProperty("System.Runtime.TieredCompilation").GetBoolean().Should().BeFalse("ReadyToRun code is kept, not compiled again by tiers");
    }
}
