using System.Text;
using System.Text.Json;
using k8s.Models;

namespace ImageClone.Tests.EndToEnd;

/// <summary>kubernetes.io/dockerconfigjson Secrets, as <c>kubectl create secret docker-registry</c> makes them.</summary>
internal static class PullSecrets
{
    public static V1Secret DockerConfigJson(string ns, string name, string registry, string username, string password)
    {
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));
        var config = JsonSerializer.Serialize(new { auths = new Dictionary<string, object> { [registry] = new { username, password, auth } } });
        return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Type = "kubernetes.io/dockerconfigjson",
            Data = new Dictionary<string, byte[]> { [".dockerconfigjson"] = Encoding.UTF8.GetBytes(config) },
        };
    }

    /// <summary>Adds imagePullSecrets to a workload's pod template.</summary>
    public static T WithPullSecret<T>(this T workload, string secretName) where T : class
    {
        var template = workload switch
        {
            V1Deployment deployment => deployment.Spec.Template,
            V1DaemonSet daemonSet => daemonSet.Spec.Template,
            _ => throw new ArgumentException($"{typeof(T).Name} is not a workload", nameof(workload)),
        };
        template.Spec.ImagePullSecrets = [new V1LocalObjectReference { Name = secretName }];
        return workload;
    }
}
