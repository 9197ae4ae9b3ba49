using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ImageClone.Operator;

internal sealed class OperatorBuilder(IServiceCollection services) : IOperatorBuilder
{
    private readonly List<Type> _controllerTypes = [];
    private readonly HashSet<Type> _readCaches = [];

    public IServiceCollection Services => services;

    public IReadOnlyList<Type> ControllerTypes => _controllerTypes;

    public IOperatorBuilder AddController<TController, TEntity>()
        where TController : class, IEntityController<TEntity>
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        if (_controllerTypes.Contains(typeof(TController)))
        {
            return this;
        }

        AddEntityApi<TEntity>();
        services.TryAddScoped<TController>();
        services.AddSingleton<IControllerRunner, ControllerRunner<TController, TEntity>>();
        _controllerTypes.Add(typeof(TController));
        return this;
    }

    public IOperatorBuilder AddReadCache<TEntity>(Func<IServiceProvider, IEntityApi<TEntity>> api)
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(api);
        if (!_readCaches.Add(typeof(TEntity)))
        {
            return this;
        }

        services.TryAddSingleton<ReadCache<TEntity>>();
        services.AddSingleton<IControllerRunner>(provider => ActivatorUtilities.CreateInstance<ReadCacheRunner<TEntity>>(provider, api(provider)));
        return this;
    }

    private void AddEntityApi<TEntity>()
        where TEntity : IKubernetesObject<V1ObjectMeta>
    {
        if (services.Any(d => d.ServiceType == typeof(IEntityApi<TEntity>)))
        {
            return;
        }

        if (!EntityApiRegistry.Serves(typeof(TEntity)))
        {
            throw new InvalidOperationException(
                $"No IEntityApi for {typeof(TEntity).Name}: add one to {nameof(EntityApiRegistry)} or register IEntityApi<{typeof(TEntity).Name}> first.");
        }

        services.AddSingleton(provider => EntityApiRegistry.For<TEntity>(provider.GetRequiredService<IKubernetes>(), provider.GetRequiredService<OperatorSettings>().ListPageSize)!);
    }
}
