using k8s.Models;

namespace ImageClone.Operator;

/// <summary>Which <see cref="IEntityApi{TEntity}"/> serves each entity type. A new entity type is one class and one line here.</summary>
internal static class EntityApiRegistry
{
    private static readonly Dictionary<Type, Type> Implementations = new()
    {
        [typeof(V1Deployment)] = typeof(DeploymentApi),
        [typeof(V1DaemonSet)] = typeof(DaemonSetApi),
    };

    public static Type? ImplementationFor(Type entityType) => Implementations.GetValueOrDefault(entityType);
}
