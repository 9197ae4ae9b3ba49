using k8s;
using k8s.Models;

namespace ImageClone.Operator;

/// <summary>Registers entity controllers with the operator runtime (as KubeOps's builder).</summary>
public interface IOperatorBuilder
{
    IServiceCollection Services { get; }

    /// <summary>The registered controller types, in registration order: the input of <see cref="RbacGenerator"/>.</summary>
    IReadOnlyList<Type> ControllerTypes { get; }

    IOperatorBuilder AddController<TController, TEntity>()
        where TController : class, IEntityController<TEntity>
        where TEntity : IKubernetesObject<V1ObjectMeta>;

    /// <summary>
    /// Adds a <see cref="ReadCache{TEntity}"/> filled through <paramref name="api"/> (which may trim what it hands over)
    /// while this replica leads; readiness waits for its first list as for a controller's.
    /// </summary>
    IOperatorBuilder AddReadCache<TEntity>(Func<IServiceProvider, IEntityApi<TEntity>> api)
        where TEntity : IKubernetesObject<V1ObjectMeta>;
}
