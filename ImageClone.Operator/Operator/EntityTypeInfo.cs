using System.Reflection;
using k8s.Models;

namespace ImageClone.Operator;

/// <summary>An entity type's API group, plural and kind, read from the model's <see cref="KubernetesEntityAttribute"/>.</summary>
internal sealed record EntityTypeInfo(string Group, string Plural, string Kind)
{
    public static EntityTypeInfo For(Type entityType)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        var entity = entityType.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{entityType.Name} carries no [KubernetesEntity] attribute.", nameof(entityType));
        return new(entity.Group ?? "", entity.PluralName, entity.Kind);
    }
}
