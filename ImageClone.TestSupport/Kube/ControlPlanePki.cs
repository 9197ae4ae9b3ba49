using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ImageClone.Tests.Support.Kube;

/// <summary>
/// The control plane's key material, written as PEM files into its folder: a CA, the apiserver's serving
/// certificate for 127.0.0.1 signed by it, and the service-account signing key pair.
/// </summary>
internal sealed record ControlPlanePki(string CaPem, string CaFile, string ServingCertFile, string ServingKeyFile, string ServiceAccountKeyFile, string ServiceAccountPublicKeyFile)
{
    public static ControlPlanePki Write(string directory)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=imageclone-testbed-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, false, 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(7));

        using var servingKey = RSA.Create(2048);
        var servingRequest = new CertificateRequest("CN=kube-apiserver", servingKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        names.AddDnsName("kubernetes.default.svc");
        servingRequest.CertificateExtensions.Add(names.Build());
        servingRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        servingRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        servingRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var serving = servingRequest.Create(ca, now.AddMinutes(-5), now.AddDays(7), RandomNumberGenerator.GetBytes(16));

        using var serviceAccountKey = RSA.Create(2048);
        var pki = new ControlPlanePki(
            ca.ExportCertificatePem(),
            Path.Combine(directory, "ca.crt"),
            Path.Combine(directory, "apiserver.crt"),
            Path.Combine(directory, "apiserver.key"),
            Path.Combine(directory, "sa.key"),
            Path.Combine(directory, "sa.pub"));
        File.WriteAllText(pki.CaFile, pki.CaPem);
        File.WriteAllText(pki.ServingCertFile, serving.ExportCertificatePem());
        File.WriteAllText(pki.ServingKeyFile, servingKey.ExportRSAPrivateKeyPem());
        File.WriteAllText(pki.ServiceAccountKeyFile, serviceAccountKey.ExportRSAPrivateKeyPem());
        File.WriteAllText(pki.ServiceAccountPublicKeyFile, serviceAccountKey.ExportSubjectPublicKeyInfoPem());
        return pki;
    }
}
