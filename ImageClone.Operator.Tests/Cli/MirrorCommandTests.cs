using ImageClone.Cli;
using ImageClone.Tests.Support;

namespace ImageClone.Tests.Cli;

public class MirrorCommandTests
{
    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(IReadOnlyList<string> args, Dictionary<string, string> environment, bool terminal = false)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await ImageCloneCommandLine.InvokeAsync(["mirror", .. args], new CommandContext(name => environment.GetValueOrDefault(name), stdout, stderr, terminal));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static Dictionary<string, string> Environment(RegistryProcess source, RegistryProcess target) => new()
    {
        ["REPOSITORY"] = $"{target.Host}/mirror",
        ["INSECURE_REGISTRIES"] = $"{source.Host}, {target.Host}",
    };

    [Test]
    public async Task RunAsync_Image_PrintsPinnedTargetAndExitsZero()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(source.Host).PushAsync("team/app", "v1", ImageSpec.MultiPlatform(ManifestFormat.Oci, 61, 100_000));

        var (exit, stdout, stderr) = await RunAsync([pushed.Reference], Environment(source, target));

        exit.Should().Be(0, stderr);
        var pinned = stdout.Trim();
        pinned.Should().EndWith($"@{pushed.Digest}").And.Contain($"{target.Host}/mirror/");
        var digestReference = pinned[(pinned.LastIndexOf(' ') + 1)..].Replace(":v1@", "@", StringComparison.Ordinal);
        (await Skopeo.InspectRawDigestAsync(digestReference)).Should().Be(pushed.Digest);
        stderr.Should().Contain("KiB of").And.Contain("mirror: 1 image: 1 copied");
    }

    [Test]
    public async Task RunAsync_RepositoryOption_WinsOverEnvironmentAndAlreadyMirroredIsPrintedAsIs()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(target.Host).PushAsync("mirror/already", "v1", ImageSpec.SinglePlatform(ManifestFormat.Docker, 62, 1_000));
        var environment = Environment(source, target);
        environment["REPOSITORY"] = "elsewhere.example/other";

        var (exit, stdout, stderr) = await RunAsync(["--repository", $"{target.Host}/mirror", pushed.Reference], environment);

        exit.Should().Be(0, stderr);
        stdout.Trim().Should().Be($"{pushed.Reference} -> {pushed.Reference}@{pushed.Digest}");
    }

    [Test]
    public async Task RunAsync_OneImageMissing_ExitsOneNamingItAndStillCopiesTheOther()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(source.Host).PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 63, 1_000));
        var missing = $"{source.Host}/team/missing:v9";

        var (exit, stdout, stderr) = await RunAsync([missing, pushed.Reference], Environment(source, target));

        exit.Should().Be(1);
        var failure = stderr.Split('\n').Single(line => line.StartsWith("mirror failed:", StringComparison.Ordinal));
        failure.Should().StartWith($"mirror failed: {missing}").And.Contain("404");
        failure.Split(missing).Should().HaveCount(2, "the failure line names the image once: {0}", failure);
        stdout.Should().Contain(pushed.Digest).And.NotContain("missing");
        stderr.Should().Contain("mirror: 2 images: 1 copied, 0 already there, 1 failed;");
    }

    [Test]
    public async Task RunAsync_NotATerminal_PrintsAFewPlainProgressLinesInFittingUnitsAndASummary()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartAnonymousAsync();
        var tiny = await new ImageFactory(source.Host).PushAsync("team/tiny", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 64, 2_000));
        var large = await new ImageFactory(source.Host).PushAsync("team/large", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 65, 3_000_000));

        var (exit, _, stderr) = await RunAsync([tiny.Reference, large.Reference, tiny.Reference], Environment(source, target));

        exit.Should().Be(0, stderr);
        var lines = stderr.TrimEnd('\n').Split('\n');
        lines.Should().NotContain(line => line.Contains("0.0/0.0", StringComparison.Ordinal) || line.Contains(" 0.0 MiB", StringComparison.Ordinal));
        lines.Should().NotContain(line => line.Contains('\r'));
        lines.Where(line => line.StartsWith(large.Reference, StringComparison.Ordinal)).Should().HaveCountLessThanOrEqualTo(10)
            .And.Contain(line => line.EndsWith("(100%)", StringComparison.Ordinal) && line.Contains(" MiB of ", StringComparison.Ordinal));
        lines.Should().Contain(line => line.StartsWith(tiny.Reference, StringComparison.Ordinal) && line.Contains(" KiB of ", StringComparison.Ordinal));
        lines[^1].Should().MatchRegex(@"^mirror: 3 images: 2 copied, 1 already there, 0 failed; [0-9.]+ MiB streamed in [0-9.]+ s$");
    }

    [Test]
    public async Task RunAsync_Terminal_RedrawsOneLinePerImageWithRateAndClearsIt()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(source.Host).PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 66, 4_000_000));

        var (exit, stdout, stderr) = await RunAsync([pushed.Reference], Environment(source, target), terminal: true);

        exit.Should().Be(0, stderr);
        stderr.Should().Contain($"\r{pushed.Reference}: ").And.Contain(" MiB/s").And.Contain("\u001b[K");
        var afterLastClear = stderr[(stderr.LastIndexOf("\r\u001b[K", StringComparison.Ordinal) + 4)..];
        afterLastClear.Should().StartWith("mirror: 1 image: 1 copied", "the progress line is cleared before the summary");
        stdout.Should().NotContain("\r");
    }

    [Test]
    public async Task RunAsync_AuthfileHoldsTheTargetLogin_CopiesWithIt()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartBasicAuthAsync("pusher", "push-pass");
        var pushed = await new ImageFactory(source.Host).PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 67, 1_000));
        var authfile = Path.Combine(Directory.CreateTempSubdirectory().FullName, "config.json");
        var auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("pusher:push-pass"));
        await File.WriteAllTextAsync(authfile, "{\"auths\":{\"" + target.Host + "\":{\"auth\":\"" + auth + "\"}}}");

        var (exit, stdout, stderr) = await RunAsync(["--authfile", authfile, pushed.Reference], Environment(source, target));

        exit.Should().Be(0, stderr);
        stdout.Should().EndWith($"@{pushed.Digest}\n");
    }

    [Test]
    public async Task RunAsync_PlainHttpTargetNotListedInsecure_FailsAtOnceSayingToListIt()
    {
        await using var source = await RegistryProcess.StartAnonymousAsync();
        await using var target = await RegistryProcess.StartAnonymousAsync();
        var pushed = await new ImageFactory(source.Host).PushAsync("team/app", "v1", ImageSpec.SinglePlatform(ManifestFormat.Oci, 68, 1_000));
        var environment = Environment(source, target);
        environment["INSECURE_REGISTRIES"] = source.Host;

        var (exit, _, stderr) = await RunAsync([pushed.Reference], environment);

        exit.Should().Be(1);
        stderr.Should().Contain($"is it a plain-HTTP registry? list {target.Host} in INSECURE_REGISTRIES").And.NotContain("retrying");
    }

    [TestCase("")]
    [TestCase("--bogus nginx")]
    [TestCase("--repository")]
    public async Task RunAsync_UsageError_ExitsTwoPointingAtHelp(string commandLine)
    {
        var (exit, stdout, stderr) = await RunAsync(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries), new Dictionary<string, string> { ["REPOSITORY"] = "reg.example/mirror" });

        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.Should().Contain("mirror --help");
    }

    [TestCase("Not_A_Valid/IMAGE", "repository name must be lowercase")]
    [TestCase("localhost:99999/team/app", "registry port 99999 is out of range")]
    public async Task RunAsync_InvalidImage_ExitsTwoWithOneLineNamingIt(string image, string problem)
    {
        var (exit, stdout, stderr) = await RunAsync([image], new Dictionary<string, string> { ["REPOSITORY"] = "reg.example/mirror" });

        exit.Should().Be(2);
        stdout.Should().BeEmpty();
        stderr.TrimEnd('\n').Should().NotContain("\n").And.Contain(image).And.Contain(problem);
    }

    [Test]
    public async Task RunAsync_NoRepository_ExitsTwoNamingIt()
    {
        var (exit, _, stderr) = await RunAsync(["nginx"], []);

        exit.Should().Be(2);
        stderr.Should().Contain("REPOSITORY");
    }
}
