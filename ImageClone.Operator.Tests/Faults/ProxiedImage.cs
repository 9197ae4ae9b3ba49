using ImageClone.Tests.Support;

namespace ImageClone.Tests.Faults;

/// <param name="Name">the workload's name in the tests</param>
/// <param name="Reference">the image as workloads name it: through the source proxy</param>
/// <param name="Pushed">the image as pushed to the source registry itself</param>
internal sealed record ProxiedImage(string Name, string Reference, PushedImage Pushed)
{
    public string Digest => Pushed.Digest;
}
