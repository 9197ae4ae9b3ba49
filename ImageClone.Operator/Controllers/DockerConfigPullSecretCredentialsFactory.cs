using ImageClone.Registry;

namespace ImageClone.Controllers;

internal sealed class DockerConfigPullSecretCredentialsFactory : IPullSecretCredentialsFactory
{
    public IRegistryCredentials FromDockerConfigJson(string dockerConfigJson) => DockerConfigCredentials.Parse(dockerConfigJson);
}
