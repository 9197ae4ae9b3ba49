using ImageClone.Cli;
using ImageClone.Tests.Support;

namespace ImageClone.Tests.Cli;

public class MirrorCommandTests
{
    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(IReadOnlyList<string> args, Dictionary<string, string> environment)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await ImageCloneCommandLine.InvokeAsync(["mirror", .. args], new CommandContext(name => environment.GetValueOrDefault(name), stdout, stderr));
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
        stderr.Should().Contain("MiB");
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
        stderr.Should().Contain($"mirror failed: {missing}").And.Contain("404");
        stdout.Should().Contain(pushed.Digest).And.NotContain("missing");
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
