using System.Net;

namespace ImageClone.Registry;

/// <summary>Whether a pod holding one credential (or none) could pull an image: its manifest answered, or why not.</summary>
public sealed record PullCheck(bool CanPull, HttpStatusCode? Status, string? Problem)
{
    public static PullCheck Pullable { get; } = new(true, HttpStatusCode.OK, null);

    public static PullCheck Refused(HttpStatusCode? status, string problem) => new(false, status, problem);
}
