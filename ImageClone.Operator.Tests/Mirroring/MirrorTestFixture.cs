using ImageClone.Mirroring;
using ImageClone.Registry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ImageClone.Tests.Mirroring;

/// <summary>An <see cref="ImageMirror"/> over a <see cref="FakeImageCopier"/> and a fake clock, and snapshots to feed it.</summary>
internal sealed class MirrorTestFixture
{
    public const string Repository = "mirror.example.com/backup";

    public MirrorTestFixture(MirrorOptions? options = null)
    {
        Options = options ?? new MirrorOptions(MirrorRepository.Parse(Repository)) { ControllerNamespace = "imageclone-system" };
        var naming = new TargetNaming(Options.Repository);
        var tags = new TagDigests(Copier, Time, Options.CopyMemoryDuration);
        Mirror = new ImageMirror(
            Options,
            naming,
            new ImageCopyCoordinator(Copier, Time, Options.CopyMemoryDuration),
            new PullAccess(Copier, Options, Time),
            new CopyRecheck(Copier, tags, naming, Options, Time),
            new PrivacyGuard(Copier, Options, Time),
            new PinChooser(Copier, tags),
            NullLogger<ImageMirror>.Instance);
    }

    public MirrorOptions Options { get; }

    public FakeImageCopier Copier { get; } = new();

    public FakeTimeProvider Time { get; } = new();

    public ImageMirror Mirror { get; }

    public static WorkloadSnapshot Snapshot(params string[] images) => new(
        WorkloadKind.Deployment,
        "shop",
        "web",
        new Dictionary<string, string>(),
        images.Select((image, i) => new ContainerImage($"c{i}", IsInit: false, image)).ToList(),
        RolloutStatus.Healthy,
        new Dictionary<string, IReadOnlyList<RunningImageId>>(),
        PullCredentials: null);

    public static string Mirrored(string source) =>
        new TargetNaming(MirrorRepository.Parse(Repository)).TargetFor(ImageReference.Parse(source)).ToString();
}
