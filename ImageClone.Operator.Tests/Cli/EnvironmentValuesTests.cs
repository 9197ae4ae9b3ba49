using ImageClone.Cli;

namespace ImageClone.Tests.Cli;

public class EnvironmentValuesTests
{
    [TestCase("http://0.0.0.0:8080")]
    [TestCase("http://+:8080")]
    [TestCase("http://*:9090/")]
    [TestCase("http://[::]:8080;https://localhost:8443")]
    [TestCase("http://127.0.0.1:0")]
    public void Urls_KestrelForms_AreAccepted(string value) =>
        EnvironmentValues.Urls("HTTP_URLS", value, "fallback").Should().NotBeEmpty();

    [TestCase("0.0.0.0:8080")]
    [TestCase("ftp://0.0.0.0:21")]
    [TestCase("http://0.0.0.0:8080/metrics")]
    [TestCase("http://0.0.0.0:99999")]
    public void Urls_NotAnHttpListenAddress_ThrowsNamingTheEntry(string entry)
    {
        var read = () => EnvironmentValues.Urls("HTTP_URLS", $"http://127.0.0.1:8080;{entry}", "fallback");

        read.Should().Throw<ArgumentException>().WithMessage($"HTTP_URLS entry \"{entry}\"*");
    }

    [Test]
    public void Urls_Unset_IsTheFallback() => EnvironmentValues.Urls("HTTP_URLS", null, "http://0.0.0.0:8080").Should().Be("http://0.0.0.0:8080");

    [Test]
    public void Namespaces_Names_AreReadTrimmed() =>
        EnvironmentValues.Namespaces("EXCLUDED_NAMESPACES", " monitoring, sandbox ,").Should().BeEquivalentTo(["monitoring", "sandbox"]);

    [TestCase("team-*")]
    [TestCase("Monitoring")]
    [TestCase("ns_1")]
    public void Namespaces_NotANamespaceName_ThrowsNamingIt(string entry)
    {
        var read = () => EnvironmentValues.Namespaces("EXCLUDED_NAMESPACES", $"ok,{entry}");

        read.Should().Throw<ArgumentException>().WithMessage($"EXCLUDED_NAMESPACES entry \"{entry}\" is not a namespace name*");
    }
}
