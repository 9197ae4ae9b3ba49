using ImageClone.Cli;

namespace ImageClone.Tests.Config;

public class GeneratedRoleTests
{
    [Test]
    public void CommittedRole_EqualsGeneratorOutput()
    {
        var committed = File.ReadAllText(RepositoryPaths.Of("config/rbac/role.yaml"));

        committed.Should().Be(
            GenerateRbacCommand.GenerateYaml(),
            "config/rbac/role.yaml is generated from the controllers' [EntityRbac] attributes: run `dotnet run --project ImageClone.Operator -- generate rbac`");
    }

    [Test]
    public void CommittedLeaderElectionRole_EqualsGeneratorOutput()
    {
        var committed = File.ReadAllText(RepositoryPaths.Of("config/rbac/leader_election_role.yaml"));

        committed.Should().Be(GenerateRbacCommand.GenerateLeaderElectionYaml(), "config/rbac/leader_election_role.yaml is generated: run `dotnet run --project ImageClone.Operator -- generate rbac`");
    }

    [Test]
    public async Task RunAsync_ToStandardOutput_PrintsTheRole()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await ImageCloneCommandLine.InvokeAsync(["generate", "rbac", "--output", "-"], new CommandContext(_ => null, output, error));

        exit.Should().Be(0);
        output.ToString().Should().Contain("kind: ClusterRole").And.Contain("deployments").And.Contain("leases");
    }

    [Test]
    public async Task RunAsync_UnknownArgument_PrintsUsageAndExits2()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await ImageCloneCommandLine.InvokeAsync(["generate", "rbac", "--bogus"], new CommandContext(_ => null, output, error));

        exit.Should().Be(2);
        error.ToString().Should().Contain("--bogus").And.Contain("generate rbac --help");
    }
}
