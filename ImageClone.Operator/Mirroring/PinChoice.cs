using ImageClone.Registry;

namespace ImageClone.Mirroring;

/// <summary>
/// The exact manifest to copy and pin for one image. <see cref="Note"/>, when set, says why the pin is not simply what the
/// running pods report (it goes into the rewrite's event). <see cref="Refusal"/>, when set, says why no safe pin exists.
/// </summary>
/// <param name="Source">The source reference with the digest to copy.</param>
/// <param name="CheckSourceAccess">False when the source already answered for the workload's credentials, or the pods run the digest.</param>
/// <param name="TagTarget">False when the pin is less than the source tag's whole content: pushed by digest, the target tag left alone.</param>
internal sealed record PinChoice(ImageReference Source, bool CheckSourceAccess, bool TagTarget, string? Note = null, string? Refusal = null);
