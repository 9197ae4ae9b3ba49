using ImageClone.Mirroring;
using ImageClone.Registry;

namespace ImageClone.Tests.Mirroring;

public class ImageMirrorSkipTests
{
    [TestCase("kube-system")]
    [TestCase("imageclone-system")]
    [TestCase("excluded-a")]
    [TestCase("excluded-b")]
    public async Task DecideAsync_NamespaceOutOfScope_SkipsWithoutRegistryCalls(string @namespace)
    {
        var fixture = new MirrorTestFixture(new MirrorOptions(MirrorRepository.Parse(MirrorTestFixture.Repository))
        {
            ControllerNamespace = "imageclone-system",
            ExcludedNamespaces = new HashSet<string> { "excluded-a", "excluded-b" },
        });

        var decision = await fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("nginx:1.25") with { Namespace = @namespace }, CancellationToken.None);

        decision.Should().BeOfType<MirrorSkipped>().Which.Reason.Should().Contain(@namespace);
        fixture.Copier.RegistryCalls.Should().Be(0);
    }

    [TestCase("true")]
    [TestCase("True")]
    [TestCase(" TRUE ")]
    public async Task DecideAsync_SkipAnnotationTrue_SkipsWithoutRegistryCalls(string value)
    {
        var fixture = new MirrorTestFixture();
        var snapshot = MirrorTestFixture.Snapshot("nginx:1.25") with
        {
            Annotations = new Dictionary<string, string> { ["imageclone.io/skip"] = value },
        };

        var decision = await fixture.Mirror.DecideAsync(snapshot, CancellationToken.None);

        decision.Should().BeOfType<MirrorSkipped>().Which.Reason.Should().Contain("imageclone.io/skip");
        fixture.Copier.RegistryCalls.Should().Be(0);
    }

    [TestCase("false")]
    [TestCase("")]
    public async Task DecideAsync_SkipAnnotationNotTrue_Mirrors(string value)
    {
        var fixture = new MirrorTestFixture();
        var snapshot = MirrorTestFixture.Snapshot("nginx:1.25") with
        {
            Annotations = new Dictionary<string, string> { ["imageclone.io/skip"] = value },
        };

        var decision = await fixture.Mirror.DecideAsync(snapshot, CancellationToken.None);

        decision.Should().BeOfType<MirrorRewrite>();
    }

    [Test]
    public void Screen_WorkloadNeedingCopies_ReturnsNull()
    {
        var fixture = new MirrorTestFixture();

        fixture.Mirror.Screen(MirrorTestFixture.Snapshot("nginx:1.25")).Should().BeNull();
    }

    [Test]
    public void Screen_AllImagesMirrored_UpToDate()
    {
        var fixture = new MirrorTestFixture();

        fixture.Mirror.Screen(MirrorTestFixture.Snapshot(MirrorTestFixture.Mirrored("nginx:1.25"))).Should().Be(MirrorUpToDate.Instance);
    }
}
