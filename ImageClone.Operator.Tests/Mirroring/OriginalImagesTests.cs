using ImageClone.Mirroring;

namespace ImageClone.Tests.Mirroring;

public class OriginalImagesTests
{
    private static readonly ImageRewrite WebRewrite = new("web", false, "nginx:1.25", "m/x:1.25@sha256:00");

    [Test]
    public void With_NoAnnotation_RecordsContainersAndInitContainersApart()
    {
        var originals = OriginalImages.FromAnnotations(new Dictionary<string, string>())
            .With([WebRewrite, new ImageRewrite("setup", true, "busybox:1.36", "m/y")]);

        originals.ToAnnotationValue().Should().Be("""{"containers":{"web":"nginx:1.25"},"initContainers":{"setup":"busybox:1.36"}}""");
    }

    [Test]
    public void With_EarlierOriginals_KeepsThemAndAddsNewOnes()
    {
        var annotations = new Dictionary<string, string> { [OriginalImages.AnnotationName] = """{"containers":{"sidecar":"envoy:1"}}""" };

        var originals = OriginalImages.FromAnnotations(annotations).With([WebRewrite]);

        originals.ToAnnotationValue().Should().Be("""{"containers":{"sidecar":"envoy:1","web":"nginx:1.25"},"initContainers":{}}""");
    }

    [TestCase("not json")]
    [TestCase("[1,2]")]
    [TestCase("null")]
    public void FromAnnotations_Unreadable_StartsEmpty(string value)
    {
        var originals = OriginalImages.FromAnnotations(new Dictionary<string, string> { [OriginalImages.AnnotationName] = value });

        (originals.Containers.Count, originals.InitContainers.Count).Should().Be((0, 0));
    }
}
