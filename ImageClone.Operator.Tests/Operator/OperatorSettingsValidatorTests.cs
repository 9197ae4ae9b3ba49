using ImageClone.Operator;

namespace ImageClone.Tests.Operator;

public class OperatorSettingsValidatorTests
{
    private readonly OperatorSettingsValidator _validator = new();

    [Test]
    public void Validate_Defaults_Succeeds() =>
        _validator.Validate(null, new OperatorSettings()).Succeeded.Should().BeTrue();

    [Test]
    public void Validate_RenewDeadlineNotBelowLeaseDuration_Fails() =>
        _validator.Validate(null, new OperatorSettings { RenewDeadline = TimeSpan.FromSeconds(15) }).FailureMessage.Should().Contain("LeaseDuration");

    [Test]
    public void Validate_LeaderElectionOff_IgnoresLeaseTimings() =>
        _validator.Validate(null, new OperatorSettings { EnableLeaderElection = false, RenewDeadline = TimeSpan.FromMinutes(1) })
            .Succeeded.Should().BeTrue();

    [TestCase(0)]
    [TestCase(-1)]
    public void Validate_NoReconcileWorkers_Fails(int workers) =>
        _validator.Validate(null, new OperatorSettings { MaxConcurrentReconciles = workers }).FailureMessage.Should().Contain("MaxConcurrentReconciles");

    [Test]
    public void Validate_BackoffCapBelowBase_Fails() =>
        _validator.Validate(null, new OperatorSettings { FailureBackoffBase = TimeSpan.FromMinutes(10) }).FailureMessage.Should().Contain("FailureBackoffCap");

    [Test]
    public void Validate_WatchTimeoutBelowOneSecond_Fails() =>
        _validator.Validate(null, new OperatorSettings { WatchTimeout = TimeSpan.FromMilliseconds(500) }).FailureMessage.Should().Contain("WatchTimeout");
}
