using ImageClone.Mirroring;
using ImageClone.Registry;

namespace ImageClone.Tests.Mirroring;

public class MirrorOptionsTests
{
    private static readonly MirrorOptions Defaults = new(MirrorRepository.Parse(MirrorTestFixture.Repository));

    [Test]
    public void Validate_Defaults_Passes() => Defaults.Invoking(o => o.Validate()).Should().NotThrow();

    [Test]
    public void Defaults_BackoffFrom15SecondsTo5Minutes() =>
        (Defaults.WaitBackoffInitial, Defaults.WaitBackoffMax, Defaults.FailureBackoffInitial, Defaults.FailureBackoffMax)
            .Should().Be((TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5)));

    [Test]
    public void Validate_ZeroWaitBackoff_ThrowsNamingIt() =>
        (Defaults with { WaitBackoffInitial = TimeSpan.Zero }).Invoking(o => o.Validate())
            .Should().Throw<ArgumentException>().WithMessage("*WaitBackoffInitial*");

    [Test]
    public void Validate_FailureBackoffMaxBelowInitial_ThrowsNamingIt() =>
        (Defaults with { FailureBackoffMax = TimeSpan.FromSeconds(1) }).Invoking(o => o.Validate())
            .Should().Throw<ArgumentException>().WithMessage("*FailureBackoffMax*");
}
