using ImageClone.Operator;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImageClone.Tests.Operator;

public class OperatorServiceCollectionExtensionsTests
{
    [Test]
    public async Task AddKubernetesOperator_ControllerAdded_ReconcilesListedAndWatchedObjects()
    {
        var api = new FakeDeploymentApi();
        api.SetList("10", Deployments.Make("web", "5"));
        var controller = new ScriptedController();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton<IEntityApi<V1Deployment>>(api).AddSingleton(controller);
        builder.Services.AddKubernetesOperator(s => s.EnableLeaderElection = false).AddController<ScriptedController, V1Deployment>();
        using var host = builder.Build();

        await host.StartAsync();
        await Wait.UntilAsync(() => controller.Reconciled.Count == 1 && api.Watches.Count == 1, "the listed object is reconciled");
        api.LatestWatch.Send(WatchEventType.Modified, Deployments.Make("web", "6"));
        await Wait.UntilAsync(() => controller.Reconciled.Count == 2, "the modified object is reconciled");
        var state = host.Services.GetRequiredService<OperatorState>();
        await host.StopAsync();

        controller.Reconciled.Select(d => d.Metadata.ResourceVersion).Should().Equal("5", "6");
        state.IsLeader.Should().BeFalse("stopping ends the work");
    }

    [Test]
    public async Task AddKubernetesOperator_InvalidSettings_FailsAtStart()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddKubernetesOperator(s => s.RenewDeadline = s.LeaseDuration);
        using var host = builder.Build();

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("RenewDeadline");
    }

    [Test]
    public void AddController_DeploymentAndDaemonSet_RegistersTheirApisAndListsControllerTypes()
    {
        var services = new ServiceCollection().AddLogging()
            .AddSingleton<IKubernetes>(new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" }));

        var builder = services.AddKubernetesOperator()
            .AddController<SampleDeploymentController, V1Deployment>()
            .AddController<SampleDaemonSetController, V1DaemonSet>();
        using var provider = services.BuildServiceProvider();

        builder.ControllerTypes.Should().Equal(typeof(SampleDeploymentController), typeof(SampleDaemonSetController));
        provider.GetRequiredService<IEntityApi<V1Deployment>>().Should().BeOfType<EntityApi<V1Deployment>>();
        provider.GetRequiredService<IEntityApi<V1DaemonSet>>().Should().BeOfType<EntityApi<V1DaemonSet>>();
        provider.GetServices<IHostedService>().Should().ContainSingle().Which.Should().BeOfType<LeaderElectionService>();
    }

    [Test]
    public void AddController_EntityWithoutApi_ThrowsNamingEntity()
    {
        var builder = new ServiceCollection().AddKubernetesOperator();

        var add = () => builder.AddController<PodController, V1Pod>();

        add.Should().Throw<InvalidOperationException>().WithMessage("*V1Pod*");
    }

    private sealed class PodController : IEntityController<V1Pod>
    {
        public Task<ReconciliationResult<V1Pod>> ReconcileAsync(V1Pod entity, CancellationToken cancellationToken) =>
            Task.FromResult(ReconciliationResult<V1Pod>.Success(entity));

        public Task<ReconciliationResult<V1Pod>> DeletedAsync(V1Pod entity, CancellationToken cancellationToken) =>
            Task.FromResult(ReconciliationResult<V1Pod>.Success(entity));
    }
}
