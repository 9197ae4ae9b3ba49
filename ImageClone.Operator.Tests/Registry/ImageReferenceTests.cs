using ImageClone.Registry;

namespace ImageClone.Tests.Registry;

public class ImageReferenceTests
{
    private const string Sha = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [TestCase("nginx", "docker.io", "library/nginx", "latest", null)]
    [TestCase("nginx:1.25", "docker.io", "library/nginx", "1.25", null)]
    [TestCase("library/nginx", "docker.io", "library/nginx", "latest", null)]
    [TestCase("bitnami/redis:7", "docker.io", "bitnami/redis", "7", null)]
    [TestCase("docker.io/nginx", "docker.io", "library/nginx", "latest", null)]
    [TestCase("index.docker.io/library/nginx:1", "docker.io", "library/nginx", "1", null)]
    [TestCase("registry-1.docker.io/x/y", "docker.io", "x/y", "latest", null)]
    [TestCase("quay.io/x/y:v1", "quay.io", "x/y", "v1", null)]
    [TestCase("localhost/app", "localhost", "app", "latest", null)]
    [TestCase("localhost:5000/app:dev", "localhost:5000", "app", "dev", null)]
    [TestCase("registry:5000/team/app", "registry:5000", "team/app", "latest", null)]
    [TestCase("127.0.0.1:5000/a/b/c:1.0-rc_1", "127.0.0.1:5000", "a/b/c", "1.0-rc_1", null)]
    [TestCase("ghcr.io/my-org/my__app", "ghcr.io", "my-org/my__app", "latest", null)]
    [TestCase("nginx@" + Sha, "docker.io", "library/nginx", null, Sha)]
    [TestCase("quay.io/x/y:v1@" + Sha, "quay.io", "x/y", "v1", Sha)]
    [TestCase("localhost:5000/app@" + Sha, "localhost:5000", "app", null, Sha)]
    [TestCase("foo/bar", "docker.io", "foo/bar", "latest", null)]
    public void Parse_ValidReference_Normalises(string text, string registry, string repository, string? tag, string? digest)
    {
        var reference = ImageReference.Parse(text);

        reference.Registry.Should().Be(registry);
        reference.Repository.Should().Be(repository);
        reference.Tag.Should().Be(tag);
        reference.Digest.Should().Be(digest);
    }

    [TestCase("", "empty")]
    [TestCase("nginx ", "white space")]
    [TestCase("Nginx", "lowercase")]
    [TestCase("docker.io/Library/nginx", "lowercase")]
    [TestCase("nginx:", "tag \"\"")]
    [TestCase("nginx:-bad", "tag")]
    [TestCase("nginx@sha256:abc", "64 lowercase hex")]
    [TestCase("nginx@sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", "lowercase hex")]
    [TestCase("nginx@md5:0123456789abcdef0123456789abcdef", "not supported")]
    [TestCase("nginx@0123456789abcdef", "no algorithm")]
    [TestCase("a//b", "empty path component")]
    [TestCase("-a/b", "not valid")]
    [TestCase("a_/b", "not valid")]
    [TestCase("a___b", "not valid")]
    [TestCase(":tag", "no repository")]
    [TestCase("bad_host.io:x/app", "registry host")]
    public void Parse_MalformedReference_ThrowsErrorNamingIt(string text, string reason)
    {
        var act = () => ImageReference.Parse(text);

        act.Should().Throw<InvalidImageReferenceException>()
            .WithMessage($"*\"{text}\"*{reason}*");
    }

    [Test]
    public void Parse_NameLongerThan255_Throws()
    {
        var act = () => ImageReference.Parse("quay.io/" + new string('a', 250));

        act.Should().Throw<InvalidImageReferenceException>().WithMessage("*longer than 255*");
    }

    [TestCase("nginx", "docker.io/library/nginx:latest")]
    [TestCase("quay.io/x/y:v1@" + Sha, "quay.io/x/y:v1@" + Sha)]
    [TestCase("localhost:5000/app@" + Sha, "localhost:5000/app@" + Sha)]
    public void ToString_GivesCanonicalForm(string text, string canonical) =>
        ImageReference.Parse(text).ToString().Should().Be(canonical);

    [Test]
    public void TryParse_Malformed_ReturnsFalse() =>
        ImageReference.TryParse("UPPER/case", out _).Should().BeFalse();
}
