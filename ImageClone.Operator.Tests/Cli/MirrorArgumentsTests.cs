using ImageClone.Cli;

namespace ImageClone.Tests.Cli;

public class MirrorArgumentsTests
{
    [Test]
    public void Parse_RepositoryAuthfileAndImages_ReadsAll()
    {
        var parsed = MirrorArguments.Parse(["--repository", "reg.example/mirror", "--authfile=/tmp/c.json", "nginx", "redis:7"], out var error);

        error.Should().BeNull();
        parsed.Should().NotBeNull();
        parsed!.Repository.Should().Be("reg.example/mirror");
        parsed.AuthFile.Should().Be("/tmp/c.json");
        parsed.Images.Should().Equal("nginx", "redis:7");
    }

    [TestCase(new string[0], "no image given")]
    [TestCase(new[] { "--repository" }, "--repository needs a value")]
    [TestCase(new[] { "--verbose", "nginx" }, "unknown option --verbose")]
    public void Parse_WrongUsage_ReturnsError(string[] args, string expected)
    {
        MirrorArguments.Parse(args, out var error).Should().BeNull();
        error.Should().Be(expected);
    }
}
