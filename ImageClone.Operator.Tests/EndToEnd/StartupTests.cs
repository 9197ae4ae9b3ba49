using ImageClone.Cli;
using ImageClone.Tests.Support;
using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests.EndToEnd;

/// <summary>The main job refuses to start, with one clear line, when it cannot work (issue #4).</summary>
[TestFixture]
[NonParallelizable]
internal sealed class StartupTests
{
    private readonly Dictionary<string, string?> _saved = [];

    [TearDown]
    public void RestoreEnvironment()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        _saved.Clear();
    }

    [TestCase(null, "REPOSITORY is not set")]
    [TestCase("registry.example.com/mirror:latest", "must name a repository without a tag")]
    public async Task RunAsync_RepositoryUnsetOrInvalid_Exits2WithOneLine(string? repository, string expected)
    {
        Set("REPOSITORY", repository);
        using var error = new StringWriter();

        var exitCode = await ImageCloneCommandLine.InvokeAsync([], new CommandContext(Environment.GetEnvironmentVariable, TextWriter.Null, error));

        exitCode.Should().Be(2);
        error.ToString().TrimEnd('\n').Should().NotContain("\n").And.StartWith("imageclone: ").And.Contain(expected);
    }

    [Test]
    public async Task RunAsync_ClusterUnreachable_Exits1WithOneLine()
    {
        var host = $"https://127.0.0.1:{FreePort.Next()}";
        var kubeconfig = Kubeconfig.Write(Path.GetTempPath(), "unreachable", new Uri(host), ControlPlanePki.Write(Directory.CreateTempSubdirectory().FullName).CaPem, "any-token");

        Set("REPOSITORY", "registry.example.com/mirror");
        Set("KUBECONFIG", kubeconfig);
        using var error = new StringWriter();
        try
        {
            var exitCode = await ImageCloneCommandLine.InvokeAsync([], new CommandContext(Environment.GetEnvironmentVariable, TextWriter.Null, error));

            exitCode.Should().Be(1);
            error.ToString().TrimEnd('\n').Should().NotContain("\n").And.StartWith("imageclone: cannot reach the Kubernetes API server").And.Contain(host);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }

    private void Set(string name, string? value)
    {
        _saved.TryAdd(name, Environment.GetEnvironmentVariable(name));
        Environment.SetEnvironmentVariable(name, value);
    }
}
