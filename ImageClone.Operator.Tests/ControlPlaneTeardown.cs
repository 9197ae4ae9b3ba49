using ImageClone.Tests.Support.Kube;

namespace ImageClone.Tests;

/// <summary>Stops the test run's shared control plane (started by the first test that needs it) after the last test.</summary>
[SetUpFixture]
internal sealed class ControlPlaneTeardown
{
    [OneTimeTearDown]
    public Task StopControlPlaneAsync() => ControlPlane.StopSharedAsync();
}
