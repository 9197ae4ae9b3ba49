using System.IdentityModel.Tokens.Jwt;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace ImageClone.Tests.Support;

/// <summary>
/// Signs Docker registry tokens (RS256) the way distribution 2.8 verifies them: the self-signed certificate in the
/// "x5c" header, <c>aud</c> a single string, integer times, an <c>access</c> list.
/// </summary>
internal sealed class RegistryTokenSigner : IDisposable
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private readonly SigningCredentials _credentials;

    public RegistryTokenSigner(TimeProvider time)
    {
        var request = new CertificateRequest("CN=imageclone-test-token-issuer", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var now = time.GetUtcNow();
        _certificate = request.CreateSelfSigned(now.AddHours(-1), now.AddDays(2));
        _credentials = new SigningCredentials(new RsaSecurityKey(_key), SecurityAlgorithms.RsaSha256);
    }

    public string CertificatePem => _certificate.ExportCertificatePem();

    public string Sign(RegistryTokenClaims claims)
    {
        var header = new JwtHeader(_credentials) { ["x5c"] = new[] { Convert.ToBase64String(_certificate.RawData) } };
        var payload = new JwtPayload
        {
            ["iss"] = claims.Issuer,
            ["sub"] = claims.Subject,
            ["aud"] = claims.Audience,
            ["exp"] = claims.IssuedAt.Add(claims.Lifetime).ToUnixTimeSeconds(),
            ["nbf"] = claims.IssuedAt.AddSeconds(-10).ToUnixTimeSeconds(),
            ["iat"] = claims.IssuedAt.ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = JsonSerializer.SerializeToElement(claims.Access.Select(a => new { type = "repository", name = a.Repository, actions = a.Actions })),
        };
        return new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(header, payload));
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _key.Dispose();
    }
}
