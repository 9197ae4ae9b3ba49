using System.Net;
using System.Text;
using ImageClone.Registry;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ImageClone.Controllers;

/// <summary>
/// The registry credentials of a workload's <c>imagePullSecrets</c>. A missing or malformed secret
/// is reported as a Warning event on the workload and left out: the copy goes on with the others,
/// or anonymously.
/// </summary>
internal sealed class PullSecretReader(IKubernetes client, IPullSecretCredentialsFactory factory, WorkloadEvents events)
{
    private const string DockerConfigJsonType = "kubernetes.io/dockerconfigjson";
    private const string DockerConfigJsonKey = ".dockerconfigjson";

    public async Task<IRegistryCredentials?> ReadAsync(Workload workload, CancellationToken cancellationToken)
    {
        var names = (workload.Template.Spec.ImagePullSecrets ?? []).Select(reference => reference.Name).Where(name => !string.IsNullOrEmpty(name)).Distinct().ToList();
        var credentials = new List<IRegistryCredentials>();
        foreach (var name in names)
        {
            if (await ReadOneAsync(workload, name, cancellationToken) is { } secret)
            {
                credentials.Add(secret);
            }
        }

        return credentials.Count == 0 ? null : new FirstMatchCredentials(credentials);
    }

    private async Task<IRegistryCredentials?> ReadOneAsync(Workload workload, string name, CancellationToken cancellationToken)
    {
        V1Secret secret;
        try
        {
            secret = await client.CoreV1.ReadNamespacedSecretAsync(name, workload.Namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            await WarnAsync(workload, name, $"cannot be read (HTTP {(int)e.Response.StatusCode} {e.Response.StatusCode})", cancellationToken);
            return null;
        }

        if (secret.Type != DockerConfigJsonType || secret.Data is null || !secret.Data.TryGetValue(DockerConfigJsonKey, out var content) || content is null)
        {
            await WarnAsync(workload, name, $"is not of type {DockerConfigJsonType} with a {DockerConfigJsonKey} key", cancellationToken);
            return null;
        }

        try
        {
            return factory.FromDockerConfigJson(Encoding.UTF8.GetString(content));
        }
        catch (Exception e) when (e is FormatException or ArgumentException or System.Text.Json.JsonException or InvalidOperationException)
        {
            // The exception's message may quote the secret's content: it is not passed on.
            await WarnAsync(workload, name, $"has a malformed {DockerConfigJsonKey}", cancellationToken);
            return null;
        }
    }

    private Task WarnAsync(Workload workload, string secretName, string problem, CancellationToken cancellationToken) =>
        events.WarningAsync(
            workload,
            WorkloadEventReasons.PullSecretUnusable,
            $"Pull secret {secretName} of {workload.Kind} {workload.Namespace}/{workload.Name} {problem}; copying its images without it",
            cancellationToken);
}
