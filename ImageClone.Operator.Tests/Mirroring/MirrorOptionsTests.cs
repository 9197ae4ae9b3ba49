using ImageClone.Mirroring;
using ImageClone.Registry;

namespace ImageClone.Tests.Mirroring;

public class MirrorOptionsTests
{
    private static readonly MirrorOptions Defaults = new(MirrorRepository.Parse(MirrorTestFixture.Repository));

    private readonly MirrorOptionsValidator _validator = new();

    [Test]
    public void Validate_Defaults_Passes() => _validator.Validate(null, Defaults).Succeeded.Should().BeTrue();

    [Test]
    public void Validate_ZeroRolloutCheckInterval_FailsNamingIt() =>
        _validator.Validate(null, Defaults with { RolloutCheckInterval = TimeSpan.Zero }).FailureMessage.Should().Contain("RolloutCheckInterval");

    [Test]
    public void Validate_NegativeCopyMemoryDuration_FailsNamingIt() =>
        _validator.Validate(null, Defaults with { CopyMemoryDuration = TimeSpan.FromSeconds(-1) }).FailureMessage.Should().Contain("CopyMemoryDuration");

    [Test]
    public void Validate_TwoBadSettings_NamesBoth() =>
        _validator.Validate(null, Defaults with { RecheckInterval = TimeSpan.Zero, PullSecretName = " " }).FailureMessage
            .Should().Contain("RecheckInterval").And.Contain("PullSecretName");
}
