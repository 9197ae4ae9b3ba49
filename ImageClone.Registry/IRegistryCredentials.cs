namespace ImageClone.Registry;

/// <summary>Looks up the credential for a registry host (as written in an image reference, e.g. <c>docker.io</c>).</summary>
public interface IRegistryCredentials
{
    RegistryCredential? For(string registry);
}

/// <summary>A username and password (or token). Never printed: <see cref="ToString"/> hides the secret.</summary>
public sealed record RegistryCredential(string Username, string Password)
{
    public override string ToString() => $"RegistryCredential {{ Username = {Username}, Password = *** }}";
}
