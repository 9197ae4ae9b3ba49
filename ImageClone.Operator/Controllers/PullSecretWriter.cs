using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ImageClone.Mirroring;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ImageClone.Controllers;

/// <summary>
/// Keeps the operator's pull secret (<see cref="PullSecretGrant"/>) in a namespace: created when missing, updated
/// when its credential changed, labelled as the operator's, never deleted. A secret of that name that is not the
/// operator's is left alone. What was made sure of is remembered for a while, so converged workloads cost no call.
/// Workers reconciling two workloads of one namespace may race to create or update it: the one that loses (409)
/// reads it again and judges what the other wrote.
/// </summary>
internal sealed class PullSecretWriter(IKubernetes client, TimeProvider time)
{
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedByValue = "imageclone";
    private static readonly TimeSpan TrustedFor = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, (string Content, DateTimeOffset CheckedAt)> _ensured = new(StringComparer.Ordinal);

    /// <returns>null when the namespace holds the secret as granted; else why it cannot (a foreign secret of that name)</returns>
    public async Task<string?> EnsureAsync(string ns, PullSecretGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        var content = DockerConfigJson(grant);
        var key = $"{ns}/{grant.Name}";
        if (_ensured.TryGetValue(key, out var known) && known.Content == Fingerprint(content) && time.GetUtcNow() - known.CheckedAt < TrustedFor)
        {
            return null;
        }

        try
        {
            return await WriteAsync(ns, grant, content, key, cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Conflict)
        {
            return await WriteAsync(ns, grant, content, key, cancellationToken);
        }
    }

    private async Task<string?> WriteAsync(string ns, PullSecretGrant grant, byte[] content, string key, CancellationToken cancellationToken)
    {
        var existing = await ReadAsync(ns, grant.Name, cancellationToken);
        if (existing is null)
        {
            await client.CoreV1.CreateNamespacedSecretAsync(Secret(ns, grant, content), ns, cancellationToken: cancellationToken);
        }
        else if (existing.Metadata.Labels?.TryGetValue(ManagedByLabel, out var manager) != true || manager != ManagedByValue)
        {
            return $"secret {ns}/{grant.Name} exists and is not the operator's (no label {ManagedByLabel}={ManagedByValue}); it is left alone";
        }
        else if (existing.Data?.TryGetValue(".dockerconfigjson", out var stored) != true || !stored.AsSpan().SequenceEqual(content))
        {
            var updated = Secret(ns, grant, content);
            updated.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
            await client.CoreV1.ReplaceNamespacedSecretAsync(updated, grant.Name, ns, cancellationToken: cancellationToken);
        }

        _ensured[key] = (Fingerprint(content), time.GetUtcNow());
        return null;
    }

    private async Task<V1Secret?> ReadAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static V1Secret Secret(string ns, PullSecretGrant grant, byte[] content) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Type = "kubernetes.io/dockerconfigjson",
        Metadata = new V1ObjectMeta
        {
            Name = grant.Name,
            NamespaceProperty = ns,
            Labels = new Dictionary<string, string> { [ManagedByLabel] = ManagedByValue },
            Annotations = new Dictionary<string, string> { ["imageclone.io/pull-secret-for"] = grant.Registry },
        },
        Data = new Dictionary<string, byte[]> { [".dockerconfigjson"] = content },
    };

    /// <summary>Docker Hub's key is the one kubelets and Docker write for it; other registries are keyed by host.</summary>
    private static byte[] DockerConfigJson(PullSecretGrant grant)
    {
        var (user, password) = (grant.Credential.Username, grant.Credential.Password);
        var key = grant.Registry == "docker.io" ? "https://index.docker.io/v1/" : grant.Registry;
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        var auths = new Dictionary<string, object> { [key] = new Dictionary<string, string> { ["username"] = user, ["password"] = password, ["auth"] = auth } };
        return JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["auths"] = auths });
    }

    private static string Fingerprint(byte[] content) => Convert.ToHexString(SHA256.HashData(content));
}
