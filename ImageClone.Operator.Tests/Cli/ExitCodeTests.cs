using ImageClone.Tests.Support;
using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.Cli;

/// <summary>The documented exit codes (README: Exit codes), from the built binary run as a process, with one line on stderr for every refusal.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
internal sealed class ExitCodeTests
{
    [TestCase("--help")]
    [TestCase("-h")]
    [TestCase("mirror", "--help")]
    [TestCase("generate", "rbac", "--help")]
    public async Task Help_ExitsZeroPrintingUsageOptionsVariablesAndExitCodes(params string[] args)
    {
        var result = await CommandProcess.RunAsync(args);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Contain("Usage:").And.Contain("Options:").And.Contain("Exit codes:").And.Contain("--help");
        result.Stderr.Should().BeEmpty();
    }

    [Test]
    public async Task Version_ExitsZeroPrintingTheVersion()
    {
        var result = await CommandProcess.RunAsync(["--version"]);

        result.ExitCode.Should().Be(0);
        result.Stdout.Should().StartWith("0.1.0");
    }

    [TestCase("--bogus")]
    [TestCase("mirror")]
    [TestCase("mirror", "--authfile")]
    [TestCase("generate")]
    public async Task UsageError_ExitsTwoNamingTheProblemAndPointingAtHelp(params string[] args)
    {
        var result = await CommandProcess.RunAsync(args);

        result.ExitCode.Should().Be(2);
        result.Stdout.Should().BeEmpty();
        result.Stderr.Should().Contain("--help").And.NotContain("   at ", "no stack trace");
    }

    [TestCase("REPOSITORY", "set-repository.invalid/mirror", "placeholder")]
    [TestCase("REPOSITORY", "registry.example.com:99999/m", "port 99999 is out of range")]
    [TestCase("INSECURE_REGISTRIES", "https://registry.local:5000", "INSECURE_REGISTRIES entry \"https://registry.local:5000\"")]
    [TestCase("INSECURE_REGISTRIES", "registry.local:70000", "port 70000 is out of range")]
    [TestCase("EXCLUDED_NAMESPACES", "team-*", "EXCLUDED_NAMESPACES entry \"team-*\"")]
    [TestCase("HTTP_URLS", "0.0.0.0:8080", "HTTP_URLS entry \"0.0.0.0:8080\"")]
    [TestCase("REGISTRY_USERNAME", "robot", "REGISTRY_USERNAME is set but REGISTRY_PASSWORD is not")]
    [TestCase("PULL_PASSWORD", "secret-value", "PULL_PASSWORD is set but PULL_USERNAME is not")]
    public async Task Operator_InvalidSetting_ExitsTwoWithOneLineBeforeContactingTheCluster(string name, string value, string expected)
    {
        // the kubeconfig points at a closed port: reaching it first would say "cannot reach" and exit 1
        var kubeconfig = UnreachableKubeconfig();
        var environment = new Dictionary<string, string> { ["REPOSITORY"] = "registry.example.com/mirror", ["KUBECONFIG"] = kubeconfig, [name] = value };

        var result = await CommandProcess.RunAsync([], environment);

        result.ExitCode.Should().Be(2, result.Stderr);
        OneLine(result.Stderr).Should().StartWith("imageclone: ").And.Contain(expected).And.NotContain("secret-value");
    }

    [TestCase("", "is empty")]
    [TestCase("clusters: [unclosed\n", "is not a valid kubeconfig")]
    [TestCase("- just\n- a list\n", "is not a valid kubeconfig")]
    [TestCase("apiVersion: v1\nkind: Config\ncurrent-context: nowhere\n", "cannot be used")]
    public async Task Operator_UnusableKubeconfig_ExitsTwoWithOneLineNamingTheFile(string content, string expected)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "config");
        await File.WriteAllTextAsync(path, content);

        var result = await CommandProcess.RunAsync([], new Dictionary<string, string> { ["REPOSITORY"] = "registry.example.com/mirror", ["KUBECONFIG"] = path });

        result.ExitCode.Should().Be(2, result.Stderr);
        OneLine(result.Stderr).Should().StartWith($"imageclone: kubeconfig {path}").And.Contain(expected);
    }

    [Test]
    public async Task Operator_NoKubeconfigAnywhere_ExitsTwoSayingWhereItLooked()
    {
        var result = await CommandProcess.RunAsync([], new Dictionary<string, string> { ["REPOSITORY"] = "registry.example.com/mirror" });

        result.ExitCode.Should().Be(2, result.Stderr);
        OneLine(result.Stderr).Should().Contain("no Kubernetes configuration found").And.Contain("KUBECONFIG is not set")
            .And.Contain(".kube/config does not exist").And.NotContain("localhost:8080");
    }

    [Test]
    public async Task Operator_KubeconfigVariableNamesMissingFile_ExitsTwoNamingIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-kubeconfig-{Guid.NewGuid():N}");

        var result = await CommandProcess.RunAsync([], new Dictionary<string, string> { ["REPOSITORY"] = "registry.example.com/mirror", ["KUBECONFIG"] = missing });

        result.ExitCode.Should().Be(2, result.Stderr);
        OneLine(result.Stderr).Should().Contain($"kubeconfig {missing} (from KUBECONFIG").And.Contain("does not exist");
    }

    [Test]
    public async Task Operator_ClusterUnreachable_ExitsOne()
    {
        var result = await CommandProcess.RunAsync([], new Dictionary<string, string> { ["REPOSITORY"] = "registry.example.com/mirror", ["KUBECONFIG"] = UnreachableKubeconfig() });

        result.ExitCode.Should().Be(1, result.Stderr);
        OneLine(result.Stderr).Should().StartWith("imageclone: cannot reach the Kubernetes API server");
    }

    [Test]
    public async Task GenerateRbac_ToStdout_ExitsZero()
    {
        var result = await CommandProcess.RunAsync(["generate", "rbac", "--output", "-"]);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Contain("kind: ClusterRole");
    }

    [Test]
    public async Task Mirror_InvalidRepositoryOption_ExitsTwoNamingTheOption()
    {
        var result = await CommandProcess.RunAsync(["mirror", "--repository", "localhost:0/mirror", "nginx"]);

        result.ExitCode.Should().Be(2, result.Stderr);
        OneLine(result.Stderr).Should().StartWith("mirror: --repository \"localhost:0/mirror\"").And.Contain("port 0 is out of range");
    }

    private static string OneLine(string stderr)
    {
        stderr.TrimEnd('\n').Should().NotContain("\n", "a refusal is one line: {0}", stderr);
        return stderr.TrimEnd('\n');
    }

    private static string UnreachableKubeconfig() =>
        Kubeconfig.Write(Directory.CreateTempSubdirectory().FullName, "unreachable", new Uri($"https://127.0.0.1:{FreePort.Next()}"),
            ControlPlanePki.Write(Directory.CreateTempSubdirectory().FullName).CaPem, "any-token");
}
