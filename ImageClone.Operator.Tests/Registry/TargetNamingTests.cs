using System.Text;
using ImageClone.Registry;

namespace ImageClone.Tests.Registry;

public class TargetNamingTests
{
    private static readonly TargetNaming DockerHub = new(MirrorRepository.Parse("docker.io/backupregistry"));

    [TestCase("nginx:1.25", "docker.io/backupregistry/docker.io_library_nginx:1.25")]
    [TestCase("quay.io/x/y:v1", "docker.io/backupregistry/quay.io_x_y:v1")]
    [TestCase("docker.io/x/y", "docker.io/backupregistry/docker.io_x_y:latest")]
    [TestCase("registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.10.0", "docker.io/backupregistry/registry.k8s.io_kube-state-metrics_kube-state-metrics:v2.10.0")]
    [TestCase("localhost:5000/my_app", "docker.io/backupregistry/localhost__p__5000_my__u__app:latest")]
    [TestCase("ghcr.io/a/b__c", "docker.io/backupregistry/ghcr.io_a_b__uu__c:latest")]
    public void TargetFor_MapsToOneReadablePathLevel(string source, string expected) =>
        DockerHub.TargetFor(ImageReference.Parse(source)).ToString().Should().Be(expected);

    [Test]
    public void TargetFor_KeepsDigest()
    {
        const string digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

        var target = DockerHub.TargetFor(ImageReference.Parse("quay.io/x/y@" + digest));

        target.ToString().Should().Be("docker.io/backupregistry/quay.io_x_y@" + digest);
    }

    [TestCase("registry.example.com:5000/mirror", "nginx", "registry.example.com:5000/mirror/docker.io_library_nginx:latest")]
    [TestCase("quay.io/myorg", "gcr.io/a/b:1", "quay.io/myorg/gcr.io_a_b:1")]
    [TestCase("backupregistry", "nginx", "docker.io/backupregistry/docker.io_library_nginx:latest")]
    public void TargetFor_UsesConfiguredRepository(string repository, string source, string expected) =>
        new TargetNaming(MirrorRepository.Parse(repository)).TargetFor(ImageReference.Parse(source)).ToString().Should().Be(expected);

    [TestCase("docker.io/backupregistry/docker.io_library_nginx:1", true)]
    [TestCase("backupregistry/anything", true)]
    [TestCase("index.docker.io/backupregistry/x@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [TestCase("docker.io/backupregistry2/x", false)]
    [TestCase("quay.io/backupregistry/x", false)]
    [TestCase("nginx", false)]
    public void IsMirrored_RecognisesImagesUnderRepository(string image, bool expected) =>
        DockerHub.IsMirrored(ImageReference.Parse(image)).Should().Be(expected);

    [TestCase("")]
    [TestCase("docker.io/backupregistry:tag")]
    [TestCase("docker.io/Backup")]
    [TestCase("quay.io/x@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void MirrorRepository_Invalid_ThrowsErrorNamingIt(string value) =>
        ((Action)(() => MirrorRepository.Parse(value))).Should().Throw<ArgumentException>().WithMessage("*REPOSITORY*");

    [Test]
    public void TargetFor_IsInjectiveOverGeneratedReferences()
    {
        var random = new Random(20261124);
        var seen = new Dictionary<string, string>();
        var sources = GeneratedNames(random, 50_000)
            .Concat(["docker.io/x/y", "quay.io/x/y", "quay.io/x_y", "quay.io/x__y", "quay.io:5000/x", "quay.io-5000/x", "a.b/c_d", "a.b/c/d", "a.b/c__u__d", "a.b/c-d", "a.b/c--d"]);

        foreach (var name in sources)
        {
            var source = ImageReference.Parse(name);
            var target = DockerHub.TargetFor(source);
            ImageReference.Parse(target.ToString()).Repository.Split('/').Should().HaveCount(2, "one level under the organisation: {0}", target);
            if (seen.TryGetValue(target.Name, out var earlier))
            {
                earlier.Should().Be(source.Name, "two sources must not share the target {0}", target.Name);
            }

            seen[target.Name] = source.Name;
        }

        seen.Count.Should().BeGreaterThan(40_000);
    }

    private static IEnumerable<string> GeneratedNames(Random random, int count)
    {
        string[] hosts = ["docker.io", "quay.io", "ghcr.io", "localhost", "localhost:5000", "a.b", "a-b.c", "a.b-c", "a.b:5000", "a.b:500", "x.io:1"];
        for (var i = 0; i < count; i++)
        {
            var components = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Component(random));
            yield return hosts[random.Next(hosts.Length)] + "/" + string.Join('/', components);
        }
    }

    private static string Component(Random random)
    {
        string[] separators = [".", "_", "__", "-", "--", "---"];
        var text = new StringBuilder(Alnum(random));
        for (var parts = random.Next(0, 3); parts > 0; parts--)
        {
            text.Append(separators[random.Next(separators.Length)]).Append(Alnum(random));
        }

        return text.ToString();
    }

    private static string Alnum(Random random) =>
        new(Enumerable.Range(0, random.Next(1, 3)).Select(_ => "abpu019"[random.Next(7)]).ToArray());
}
