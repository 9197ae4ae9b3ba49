using k8s;
using k8s.Exceptions;

namespace ImageClone.Cli;

/// <summary>
/// Finds the cluster configuration as KubernetesClient's <c>BuildDefaultConfig</c> does (KUBECONFIG, then
/// <c>~/.kube/config</c>, then in-cluster), but says what is wrong in one line instead of throwing a parser's
/// exception, and never falls back to <c>http://localhost:8080</c> when nothing was found.
/// </summary>
internal static class KubeconfigSource
{
    /// <exception cref="ArgumentException">No configuration was found, or the one found cannot be used; the message names it.</exception>
    public static KubernetesClientConfiguration Load(Func<string, string?> environment)
    {
        var variable = environment("KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(variable))
        {
            var paths = variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return FromFiles(paths, $"KUBECONFIG ({variable})");
        }

        var home = DefaultPath(environment);
        if (home is not null && File.Exists(home))
        {
            return FromFiles([home], home);
        }

        if (KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        throw new ArgumentException(
            $"no Kubernetes configuration found: KUBECONFIG is not set, {home ?? "~/.kube/config"} does not exist, and this is not a pod " +
            "(KUBERNETES_SERVICE_HOST is not set): point KUBECONFIG at a kubeconfig file");
    }

    private static string? DefaultPath(Func<string, string?> environment) =>
        environment("HOME") is { Length: > 0 } home ? Path.Combine(home, ".kube", "config") : null;

    private static KubernetesClientConfiguration FromFiles(string[] paths, string source)
    {
        foreach (var path in paths)
        {
            Check(path, source);
        }

        try
        {
            // several files (KUBECONFIG=a:b) are merged by the client itself, which reads KUBECONFIG again
            return paths.Length == 1
                ? KubernetesClientConfiguration.BuildConfigFromConfigObject(KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(paths[0])))
                : KubernetesClientConfiguration.BuildDefaultConfig();
        }
        catch (KubeConfigException e)
        {
            throw new ArgumentException($"kubeconfig {string.Join(", ", paths)} cannot be used: {e.Message}", e);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ArgumentException($"kubeconfig {string.Join(", ", paths)} is not a valid kubeconfig: {OneLine(e.Message)}", e);
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException or ArgumentException or KeyNotFoundException)
        {
            // the client's own parsing trips over documents that are YAML but not a kubeconfig (a list, a bare string)
            throw new ArgumentException($"kubeconfig {string.Join(", ", paths)} is not a valid kubeconfig (expected clusters, users and contexts)", e);
        }
    }

    private static void Check(string path, string source)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"kubeconfig {path} (from {source}) does not exist");
        }

        if (new FileInfo(path).Length == 0 || File.ReadAllText(path).Trim().Length == 0)
        {
            throw new ArgumentException($"kubeconfig {path} (from {source}) is empty");
        }
    }

    private static string OneLine(string message) => string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
