using ImageClone.Registry;

namespace ImageClone.Controllers;

/// <summary>A workload's pull secrets together: the first secret with a credential for the registry wins, as the kubelet does.</summary>
internal sealed class FirstMatchCredentials(IReadOnlyList<IRegistryCredentials> secrets) : IRegistryCredentials
{
    public RegistryCredential? For(string registry) =>
        secrets.Select(secret => secret.For(registry)).FirstOrDefault(credential => credential is not null);

    public override string ToString() => $"{secrets.Count} pull secret(s)";
}
