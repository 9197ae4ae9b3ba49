using System.Text.Json;
using ImageClone.Mirroring;

namespace ImageClone.Tests.Mirroring;

public class ImageMirrorRewriteTests
{
    [Test]
    public async Task DecideAsync_HealthyWorkload_RewritesToPinnedTarget()
    {
        var fixture = new MirrorTestFixture();

        var decision = await fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("quay.io/org/app:v1"), CancellationToken.None);

        var expectedDigest = FakeImageCopier.DigestOf("quay.io/org/app:v1");
        decision.Should().BeOfType<MirrorRewrite>().Which.Rewrites.Should().Equal(
            new ImageRewrite("c0", false, "quay.io/org/app:v1", $"mirror.example.com/backup/quay.io_org_app:v1@{expectedDigest}"));
        fixture.Copier.Requests.Should().ContainSingle().Which.Target.ToString().Should().Be("mirror.example.com/backup/quay.io_org_app:v1");
    }

    [Test]
    public async Task DecideAsync_AllImagesMirrored_UpToDateWithoutRegistryCalls()
    {
        var fixture = new MirrorTestFixture();
        var snapshot = MirrorTestFixture.Snapshot(MirrorTestFixture.Mirrored("nginx:1.25"), MirrorTestFixture.Mirrored("quay.io/a/b:2"));

        var decision = await fixture.Mirror.DecideAsync(snapshot, CancellationToken.None);

        decision.Should().Be(MirrorUpToDate.Instance);
        fixture.Copier.RegistryCalls.Should().Be(0);
    }

    [Test]
    public async Task DecideAsync_SomeImagesMirrored_CopiesAndRewritesOnlyTheOthers()
    {
        var fixture = new MirrorTestFixture();
        var snapshot = MirrorTestFixture.Snapshot(MirrorTestFixture.Mirrored("nginx:1.25"), "redis:7");

        var decision = await fixture.Mirror.DecideAsync(snapshot, CancellationToken.None);

        decision.Should().BeOfType<MirrorRewrite>().Which.Rewrites.Should().ContainSingle().Which.ContainerName.Should().Be("c1");
        fixture.Copier.Requests.Should().ContainSingle().Which.Source.ToString().Should().Be($"docker.io/library/redis:7@{FakeImageCopier.DigestOf("docker.io/library/redis:7")}");
    }

    [Test]
    public async Task DecideAsync_InitContainer_IsCopiedAndRewrittenAsInit()
    {
        var fixture = new MirrorTestFixture();
        var snapshot = MirrorTestFixture.Snapshot("nginx:1.25") with
        {
            Images = [new ContainerImage("setup", IsInit: true, "busybox:1.36"), new ContainerImage("web", IsInit: false, "nginx:1.25")],
        };

        var decision = await fixture.Mirror.DecideAsync(snapshot, CancellationToken.None);

        var rewrites = decision.Should().BeOfType<MirrorRewrite>().Which.Rewrites;
        rewrites.Select(r => (r.ContainerName, r.IsInit, r.From)).Should().BeEquivalentTo([("setup", true, "busybox:1.36"), ("web", false, "nginx:1.25")]);
    }

    [Test]
    public async Task DecideAsync_EarlierOriginalsRecorded_MergesThemIntoAnnotation()
    {
        var fixture = new MirrorTestFixture();
        var earlier = """{"containers":{"sidecar":"envoy:1.30"},"initContainers":{"setup":"busybox:1.36"}}""";
        var snapshot = MirrorTestFixture.Snapshot("nginx:1.25") with
        {
            Annotations = new Dictionary<string, string> { [OriginalImages.AnnotationName] = earlier },
        };

        var decision = await fixture.Mirror.DecideAsync(snapshot, CancellationToken.None);

        var annotation = JsonDocument.Parse(decision.Should().BeOfType<MirrorRewrite>().Which.OriginalImagesAnnotation).RootElement;
        annotation.GetProperty("containers").GetProperty("sidecar").GetString().Should().Be("envoy:1.30");
        annotation.GetProperty("containers").GetProperty("c0").GetString().Should().Be("nginx:1.25");
        annotation.GetProperty("initContainers").GetProperty("setup").GetString().Should().Be("busybox:1.36");
    }

    [Test]
    public async Task DecideAsync_ImageCopied_ReportsTransferredCopy()
    {
        var fixture = new MirrorTestFixture();

        var decision = await fixture.Mirror.DecideAsync(MirrorTestFixture.Snapshot("nginx:1.25"), CancellationToken.None);

        decision.Should().BeOfType<MirrorRewrite>().Which.Copied.Should().ContainSingle()
            .Which.Should().Match<CopiedImage>(c => c.Transferred && c.ContainerName == "c0" && c.BytesCopied == 1000);
    }
}
