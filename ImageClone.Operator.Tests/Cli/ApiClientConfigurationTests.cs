using ImageClone.Cli;

namespace ImageClone.Tests.Cli;

public class ApiClientConfigurationTests
{
    [Test]
    public void FromEnvironment_NoPaceGiven_ControllerRuntimesDefaults()
    {
        var settings = Read([]).ApiClient;

        settings.Qps.Should().Be(20);
        settings.Burst.Should().Be(30);
    }

    [Test]
    public void FromEnvironment_PaceGiven_UsesIt()
    {
        var settings = Read(new Dictionary<string, string> { ["KUBE_API_QPS"] = "50.5", ["KUBE_API_BURST"] = "100" }).ApiClient;

        settings.Qps.Should().Be(50.5);
        settings.Burst.Should().Be(100);
    }

    [TestCase("KUBE_API_QPS", "0", "must be a positive number")]
    [TestCase("KUBE_API_QPS", "fast", "must be a positive number")]
    [TestCase("KUBE_API_BURST", "-3", "must be a positive whole number")]
    public void FromEnvironment_BadPace_ErrorNamesTheVariable(string name, string value, string expected)
    {
        var read = () => Read(new Dictionary<string, string> { [name] = value });

        read.Should().Throw<ArgumentException>().WithMessage($"{name} \"{value}\" {expected}");
    }

    private static OperatorConfiguration Read(Dictionary<string, string> environment)
    {
        environment["REPOSITORY"] = "registry.example.com/mirror";
        return OperatorConfiguration.FromEnvironment(name => environment.GetValueOrDefault(name));
    }
}
