using System.Security.Cryptography;
using System.Text;

namespace ImageClone.Registry;

/// <summary>
/// Tells credentials apart without holding them: an HMAC of username and password under a key that
/// lives only in this process, so a key made from it reveals nothing even if it is ever printed.
/// </summary>
internal static class CredentialIdentity
{
    private const string Anonymous = "anonymous";
    private static readonly byte[] ProcessKey = RandomNumberGenerator.GetBytes(32);

    public static string Of(RegistryCredential? credential) =>
        credential is null
            ? Anonymous
            : Convert.ToHexStringLower(HMACSHA256.HashData(ProcessKey, Encoding.UTF8.GetBytes($"{credential.Username}\n{credential.Password}")));
}
