using ImageClone.Tests.Faults;

namespace ImageClone.Tests.BadInput;

/// <summary>The main job refuses to start, with one clear line, when REPOSITORY is missing or not a repository.</summary>
[TestFixture]
internal sealed class RepositoryConfigurationTests
{
    [TestCase(null, "REPOSITORY is not set")]
    [TestCase("", "REPOSITORY is not set")]
    [TestCase("registry.example.com/mirror:latest", "REPOSITORY \"registry.example.com/mirror:latest\" must name a repository without a tag")]
    [TestCase("Not A Repository!", "REPOSITORY \"Not A Repository!\" is not a valid repository")]
    public async Task Main_RepositoryUnsetOrInvalid_ExitsWithOneLineNamingIt(string? repository, string message)
    {
        var environment = new Dictionary<string, string> { ["HTTP_URLS"] = "http://127.0.0.1:0" };
        if (repository is not null)
        {
            environment["REPOSITORY"] = repository;
        }

        await using var process = OperatorProcess.Start(environment);

        (await process.WaitForExitAsync(TimeSpan.FromSeconds(30))).Should().Be(2);
        process.Output.Should().ContainSingle().Which.Should().StartWith($"imageclone: {message}");
    }
}
