using System.Text.Json;
using k8s.Models;

namespace ImageClone.Controllers;

/// <summary>Who last set a container's image, from the workload's <c>managedFields</c>, and the tool that name usually means.</summary>
internal static class FieldManagers
{
    /// <summary>The manager of the most recent entry owning <c>spec.template.spec.(init)containers[name].image</c>; null when none does.</summary>
    public static string? LastToSetImage(V1ObjectMeta metadata, string containerName, bool isInit)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return (metadata.ManagedFields ?? [])
            .Where(entry => entry.FieldsV1 is not null && OwnsImage(entry.FieldsV1, containerName, isInit))
            .OrderByDescending(entry => entry.Time ?? DateTime.MinValue)
            .Select(entry => entry.Manager)
            .FirstOrDefault();
    }

    /// <summary>"argocd-controller" → "Argo CD"; "kustomize-controller" → "Flux"; "helm…" → "Helm"; "kubectl…" → "kubectl".</summary>
    public static string? ToolOf(string? manager) => manager switch
    {
        null => null,
        _ when manager.Contains("argocd", StringComparison.OrdinalIgnoreCase) => "Argo CD",
        _ when manager.Contains("kustomize-controller", StringComparison.OrdinalIgnoreCase) || manager.Contains("helm-controller", StringComparison.OrdinalIgnoreCase) => "Flux",
        _ when manager.StartsWith("helm", StringComparison.OrdinalIgnoreCase) => "Helm",
        _ when manager.StartsWith("kubectl", StringComparison.OrdinalIgnoreCase) => "kubectl",
        _ => null,
    };

    private static bool OwnsImage(object fieldsV1, string containerName, bool isInit)
    {
        using var fields = JsonDocument.Parse(JsonSerializer.Serialize(fieldsV1));
        return Path(fields.RootElement, "f:spec", "f:template", "f:spec", isInit ? "f:initContainers" : "f:containers",
            $"k:{{\"name\":\"{containerName}\"}}", "f:image");
    }

    private static bool Path(JsonElement element, params string[] keys)
    {
        foreach (var key in keys)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(key, out element))
            {
                return false;
            }
        }

        return true;
    }
}
