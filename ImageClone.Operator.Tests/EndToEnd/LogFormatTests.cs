using System.Text.Json;
using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.EndToEnd;

/// <summary>The console log a collector or a person reads, in both LOG_FORMATs (issue #4).</summary>
[TestFixture]
internal sealed class LogFormatTests : ClusterTest
{
    [Test]
    public async Task Operator_TextLogFormat_WritesLinesNamingTheWorkloadAndImage()
    {
        var image = await Registries.PushPublicAsync("text-logged");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "text-logged", ("app", image.Reference)));
        var replica = await OperatorHarness.StartAsync(Cluster);
        await Cluster.WaitForDeploymentImagesAsync(Shop, "text-logged", Registries.MirrorOf(image));

        await replica.StopAsync();

        replica.ConsoleLines.Should().Contain(line => line.Contains($"Deployment/{Shop}/text-logged", StringComparison.Ordinal)
            && line.Contains("is in the mirror as", StringComparison.Ordinal) && line.Contains(image.Reference, StringComparison.Ordinal));
        replica.ConsoleLines.Should().NotContain(line => line.Contains("System.Collections.Generic", StringComparison.Ordinal),
            "a scope prints its values, not its type name");
    }

    [Test]
    public async Task Operator_JsonLogFormat_WritesJsonLinesNamingTheWorkloadAndImage()
    {
        var image = await Registries.PushPublicAsync("logged");
        await Cluster.CreateAsync(SampleWorkloads.Deployment(Shop, "logged", ("app", image.Reference)));
        var replica = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions().WithEnvironment("LOG_FORMAT", "json"));
        await Cluster.WaitForEventAsync(Shop, "logged", "WorkloadRewritten");

        await replica.StopAsync();

        var lines = replica.ConsoleLines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        lines.Should().NotBeEmpty();
        lines.Should().OnlyContain(line => HasProperty(line, "LogLevel") && HasProperty(line, "Message") && HasProperty(line, "Category"));
        lines.Should().Contain(line => ScopeField(line, "Workload") == $"Deployment/{Shop}/logged" && ScopeField(line, "Image") == image.Reference,
            "the copy's log line carries the workload and the image as scope fields");
        lines.Should().Contain(line => ScopeField(line, "Workload") == $"Deployment/{Shop}/logged"
            && line.GetProperty("Message").GetString()!.StartsWith("Rewrote", StringComparison.Ordinal));
    }

    private static bool HasProperty(JsonElement line, string name) => line.TryGetProperty(name, out _);

    /// <summary>The value of a field of one of the line's scopes, e.g. "Workload".</summary>
    private static string? ScopeField(JsonElement line, string field) =>
        line.TryGetProperty("Scopes", out var scopes)
            ? scopes.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty(field, out _))
                .Select(s => s.GetProperty(field).ToString()).FirstOrDefault()
            : null;
}
