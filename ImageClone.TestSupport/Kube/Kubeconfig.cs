namespace ImageClone.Tests.Support.Kube;

/// <summary>Writes a kubeconfig naming one server (its CA inline) and one user's bearer token.</summary>
internal static class Kubeconfig
{
    public static string Write(string directory, string name, Uri server, string certificateAuthorityPem, string token)
    {
        var path = Path.Combine(directory, $"kubeconfig-{name}-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: testbed
              cluster:
                server: {server.ToString().TrimEnd('/')}
                certificate-authority-data: {Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(certificateAuthorityPem))}
            users:
            - name: {name}
              user:
                token: {token}
            contexts:
            - name: {name}@testbed
              context:
                cluster: testbed
                user: {name}
                namespace: default
            current-context: {name}@testbed
            """);
        return path;
    }
}
