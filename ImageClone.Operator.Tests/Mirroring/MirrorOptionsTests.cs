using ImageClone.Mirroring;

namespace ImageClone.Tests.Mirroring;

public class MirrorOptionsTests
{
    private static readonly MirrorOptions Defaults = new(MirrorRepository.Parse(MirrorTestFixture.Repository));

    [Test]
    public void Validate_Defaults_Passes() => Defaults.Invoking(o => o.Validate()).Should().NotThrow();

    [Test]
    public void Validate_ZeroRolloutCheckInterval_ThrowsNamingIt() =>
        (Defaults with { RolloutCheckInterval = TimeSpan.Zero }).Invoking(o => o.Validate())
            .Should().Throw<ArgumentException>().WithMessage("*RolloutCheckInterval*");
}
