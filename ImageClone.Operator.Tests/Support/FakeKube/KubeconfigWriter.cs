namespace ImageClone.Tests.Support.FakeKube;

/// <summary>Writes a kubeconfig that points at the fake server and authenticates as one user with its bearer token.</summary>
internal static class KubeconfigWriter
{
    public static string Write(string directory, Uri server, string certificateAuthorityPem, string user, string token)
    {
        var path = Path.Combine(directory, $"kubeconfig-{user}.yaml");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {server.ToString().TrimEnd('/')}
                certificate-authority-data: {Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(certificateAuthorityPem))}
            users:
            - name: {user}
              user:
                token: {token}
            contexts:
            - name: {user}@fake
              context:
                cluster: fake
                user: {user}
                namespace: default
            current-context: {user}@fake
            """);
        return path;
    }
}
