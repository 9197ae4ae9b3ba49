using k8s;
using k8s.Models;

namespace ImageClone.Operator;

/// <summary>What a queued request carries: only the object's namespace and name.</summary>
public readonly record struct EntityKey(string Namespace, string Name)
{
    public static EntityKey For(IKubernetesObject<V1ObjectMeta> entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(entity.Metadata?.NamespaceProperty ?? "", entity.Metadata?.Name ?? "");
    }

    public override string ToString() => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";
}
