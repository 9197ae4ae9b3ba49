using System.Globalization;
using System.Security.Cryptography;

namespace ImageClone.Tests.Support;

/// <summary>
/// The config.yml of a CNCF distribution registry. Every response carries <see cref="InstanceHeader"/> with
/// <c>instanceId</c>, so a start-up probe knows it reached this registry, not another that took the port.
/// </summary>
internal static class RegistryConfigFile
{
    public const string InstanceHeader = "X-ImageClone-Test-Registry";

    /// <param name="authSection">an <c>auth:</c> block from <see cref="HtpasswdAuth"/> or <see cref="TokenAuth"/>, or empty</param>
    public static string Write(string directory, string storageDirectory, int port, string instanceId, string authSection)
    {
        var yaml = string.Create(CultureInfo.InvariantCulture, $"""
            version: 0.1
            log:
              level: error
              accesslog:
                disabled: true
            storage:
              filesystem:
                rootdirectory: {storageDirectory}
              delete:
                enabled: true
              maintenance:
                uploadpurging:
                  enabled: false
            http:
              addr: 127.0.0.1:{port}
              secret: {Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}
              headers:
                {InstanceHeader}: [{instanceId}]
            {authSection}
            """);
        var path = Path.Combine(directory, "config.yml");
        File.WriteAllText(path, yaml);
        return path;
    }

    public static string HtpasswdAuth(string htpasswdPath) => $"""
        auth:
          htpasswd:
            realm: imageclone-test
            path: {htpasswdPath}
        """;

    public static string TokenAuth(TokenIssuer issuer) => $"""
        auth:
          token:
            realm: {issuer.Realm}
            service: {issuer.Service}
            issuer: {issuer.Issuer}
            rootcertbundle: {issuer.RootCertBundlePath}
        """;
}
