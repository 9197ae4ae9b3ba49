using ImageClone.Registry;

namespace ImageClone.Tests.Mirroring;

/// <summary>A workload's pull secrets holding one credential, for one registry.</summary>
internal sealed class SingleRegistryCredentials(string registry, RegistryCredential credential) : IRegistryCredentials
{
    public RegistryCredential? For(string host) => host == registry ? credential : null;
}
