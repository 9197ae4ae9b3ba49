using ImageClone.Registry;

namespace ImageClone.Tests.Registry;

public class AuthChallengeTests
{
    [Test]
    public void ParseParameters_QuotedScopeWithComma_KeepsWholeValue()
    {
        var parameters = AuthChallenge.ParseParameters("realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/nginx:pull,push\"");

        parameters.Should().Equal(new Dictionary<string, string>
        {
            ["realm"] = "https://auth.docker.io/token",
            ["service"] = "registry.docker.io",
            ["scope"] = "repository:library/nginx:pull,push",
        });
    }

    [Test]
    public void ParseParameters_UnquotedValues_AreRead()
    {
        AuthChallenge.ParseParameters("realm=x, service=y").Should().Equal(new Dictionary<string, string> { ["realm"] = "x", ["service"] = "y" });
    }
}
