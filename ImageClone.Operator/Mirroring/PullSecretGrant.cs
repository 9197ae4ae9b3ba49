using ImageClone.Registry;

namespace ImageClone.Mirroring;

/// <summary>
/// The pull secret a rewrite needs its pods to hold: <see cref="Name"/> in the workload's namespace, a
/// <c>kubernetes.io/dockerconfigjson</c> for <see cref="Registry"/> only, with the pull credential. Never printed with it.
/// </summary>
public sealed record PullSecretGrant(string Name, string Registry, RegistryCredential Credential)
{
    public override string ToString() => $"pull secret {Name} for {Registry}";
}
