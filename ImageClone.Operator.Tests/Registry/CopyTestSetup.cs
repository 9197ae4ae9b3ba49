using ImageClone.Registry;
using ImageClone.Tests.Support;

namespace ImageClone.Tests.Registry;

/// <summary>A copier over the real socket stack (recorded), for loopback registries reached over HTTP.</summary>
internal static class CopyTestSetup
{
    public static (IImageCopier Copier, RecordingHandler Recorder) Copier(string[] hosts, RegistryCredential? target = null, Func<HttpRequestMessage, HttpResponseMessage, HttpResponseMessage>? onResponse = null, RegistryOptions? options = null)
    {
        var recorder = new RecordingHandler(onResponse);
        var configured = (options ?? TestOptions.For(hosts)) with { TargetCredential = target };
        return (ImageCopierFactory.Create(configured, TimeProvider.System, recorder), recorder);
    }

    public static ImageCopyRequest Request(PushedImage pushed, RegistryProcess target, string repository = "mirror/app", IProgress<CopyProgress>? progress = null) =>
        new(ImageReference.Parse(pushed.Reference), ImageReference.Parse($"{target.Host}/{repository}:{ImageReference.Parse(pushed.Reference).Tag}"), Progress: progress);
}
