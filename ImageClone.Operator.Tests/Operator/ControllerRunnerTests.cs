using ImageClone.Operator;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ImageClone.Tests.Operator;

public class ControllerRunnerTests
{
    [Test]
    public async Task RunAsync_Cancelled_PendingRequeueNeverReconciles()
    {
        var time = new FakeTimeProvider();
        var api = new FakeDeploymentApi();
        api.SetList("10", Deployments.Make("web", "5"));
        var controller = new ScriptedController
        {
            OnReconcile = (d, _) => Task.FromResult(ReconciliationResult<V1Deployment>.Success(d, TimeSpan.FromSeconds(30))),
        };
        await using var services = new ServiceCollection().AddSingleton(controller).BuildServiceProvider();
        var runner = new ControllerRunner<ScriptedController, V1Deployment>(
            api, services.GetRequiredService<IServiceScopeFactory>(), new LeadershipGate(), new OperatorSettings(), new OperatorMetrics(), time, NullLoggerFactory.Instance);
        using var stop = new CancellationTokenSource();
        var synced = 0;
        var running = runner.RunAsync(() => synced++, stop.Token);
        await Wait.UntilAsync(() => controller.Reconciled.Count == 1 && api.Watches.Count == 1, "the listed object is reconciled");

        await stop.CancelAsync();
        await running;
        time.Advance(TimeSpan.FromMinutes(5));

        synced.Should().Be(1);
        controller.Reconciled.Should().ContainSingle("a stopped runner fires no requeue");
    }
}
