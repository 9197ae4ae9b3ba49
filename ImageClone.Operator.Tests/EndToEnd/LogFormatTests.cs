using System.Text.Json;
using ImageClone.Tests.Support.FakeKube;

namespace ImageClone.Tests.EndToEnd;

/// <summary>The console log a collector or a person reads, in both LOG_FORMATs (issue #4).</summary>
[TestFixture]
internal sealed class LogFormatTests : ClusterTest
{
    [Test]
    public async Task Operator_TextLogFormat_WritesLinesNamingTheWorkloadAndImage()
    {
        var image = await Registries.PushPublicAsync("text-logged");
        Cluster.Server.Create(SampleWorkloads.Deployment("shop", "text-logged", ("app", image.Reference)));
        var replica = await OperatorHarness.StartAsync(Cluster);
        await Cluster.WaitForDeploymentImagesAsync("shop", "text-logged", Registries.MirrorOf(image));

        await replica.StopAsync();

        replica.ConsoleLines.Should().Contain(line => line.Contains("Deployment/shop/text-logged", StringComparison.Ordinal)
            && line.Contains("is in the mirror as", StringComparison.Ordinal) && line.Contains(image.Reference, StringComparison.Ordinal));
        replica.ConsoleLines.Should().NotContain(line => line.Contains("System.Collections.Generic", StringComparison.Ordinal),
            "a scope prints its values, not its type name");
    }

    [Test]
    public async Task Operator_JsonLogFormat_WritesJsonLinesNamingTheWorkloadAndImage()
    {
        var image = await Registries.PushPublicAsync("logged");
        Cluster.Server.Create(SampleWorkloads.Deployment("shop", "logged", ("app", image.Reference)));
        var replica = await OperatorHarness.StartAsync(Cluster, new OperatorHarnessOptions().WithEnvironment("LOG_FORMAT", "json"));
        await Cluster.WaitForEventAsync("shop", "logged", "WorkloadRewritten");

        await replica.StopAsync();

        var lines = replica.ConsoleLines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        lines.Should().NotBeEmpty();
        lines.Should().OnlyContain(line => HasProperty(line, "LogLevel") && HasProperty(line, "Message") && HasProperty(line, "Category"));
        var copied = lines.Where(line => Scopes(line).Contains("Deployment/shop/logged") && Scopes(line).Contains(image.Reference)).ToList();
        copied.Should().NotBeEmpty("the copy's log line carries the workload and the image in its scopes");
        lines.Should().Contain(line => Scopes(line).Contains("Deployment/shop/logged") && line.GetProperty("Message").GetString()!.StartsWith("Rewrote", StringComparison.Ordinal));
    }

    private static bool HasProperty(JsonElement line, string name) => line.TryGetProperty(name, out _);

    private static string Scopes(JsonElement line) =>
        line.TryGetProperty("Scopes", out var scopes) ? scopes.GetRawText() : "";
}
