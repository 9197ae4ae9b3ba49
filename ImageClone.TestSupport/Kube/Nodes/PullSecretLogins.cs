using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ImageClone.Tests.Support.Kube.Nodes;

/// <summary>
/// The registry logins a kubelet would use for a pod: only its own <c>imagePullSecrets</c>
/// (<c>kubernetes.io/dockerconfigjson</c>, <c>auths</c> keyed by host, with or without a scheme); a missing or
/// unreadable secret adds nothing, as on a kubelet.
/// </summary>
internal static class PullSecretLogins
{
    public static async Task<Func<string, RegistryLogin?>> ReadAsync(IKubernetes client, V1Pod pod, CancellationToken cancellationToken)
    {
        var logins = new Dictionary<string, RegistryLogin>(StringComparer.OrdinalIgnoreCase);
        foreach (var reference in pod.Spec.ImagePullSecrets ?? [])
        {
            V1Secret secret;
            try
            {
                secret = await client.CoreV1.ReadNamespacedSecretAsync(reference.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException)
            {
                continue;
            }

            if (secret.Data is null || !secret.Data.TryGetValue(".dockerconfigjson", out var json))
            {
                continue;
            }

            foreach (var (host, login) in Parse(json))
            {
                logins.TryAdd(host, login);
            }
        }

        return host => logins.GetValueOrDefault(host);
    }

    private static IEnumerable<(string Host, RegistryLogin Login)> Parse(byte[] json)
    {
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            yield break;
        }

        if (document?["auths"] is not JsonObject auths)
        {
            yield break;
        }

        foreach (var (key, entry) in auths)
        {
            var host = key.Replace("https://", "", StringComparison.Ordinal).Replace("http://", "", StringComparison.Ordinal).Split('/')[0];
            if ((string?)entry?["auth"] is { } auth && Decode(auth) is { } pair)
            {
                yield return (host, pair);
            }
            else if ((string?)entry?["username"] is { } user && (string?)entry?["password"] is { } password)
            {
                yield return (host, new RegistryLogin(user, password));
            }
        }
    }

    private static RegistryLogin? Decode(string auth)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(auth));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? new RegistryLogin(text[..colon], text[(colon + 1)..]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
