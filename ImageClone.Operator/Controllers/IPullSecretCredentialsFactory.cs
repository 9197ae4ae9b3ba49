using ImageClone.Registry;

namespace ImageClone.Controllers;

/// <summary>Reads the content of a <c>.dockerconfigjson</c> pull secret; throws when it is malformed.</summary>
public interface IPullSecretCredentialsFactory
{
    IRegistryCredentials FromDockerConfigJson(string dockerConfigJson);
}
