using ImageClone.Registry;

namespace ImageClone.Mirroring;

/// <summary>An image of a workload that could not be copied; <see cref="Cause"/> names the registry and status, never a credential.</summary>
/// <param name="Reason">The registry's failure reason; null when the reference itself is invalid or the failure is not a registry's.</param>
public sealed record ImageFailure(string ContainerName, string Image, string Cause, bool IsInvalidReference, RegistryErrorReason? Reason)
{
    public override string ToString() => $"container \"{ContainerName}\" image \"{Image}\": {Cause}";
}
