using ImageClone.Controllers;
using ImageClone.Mirroring;
using ImageClone.Operator;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImageClone.Tests.EndToEnd;

/// <summary>The pod cache run as the operator runs it (a <see cref="ReadCacheRunner{TEntity}"/> over <see cref="PodCacheApi"/>), from its first fill until disposed.</summary>
internal sealed class PodCacheRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private PodCacheRun()
    {
    }

    public static async Task<PodCacheRun> StartAsync(IKubernetes client, ReadCache<V1Pod> cache, MirrorOptions options, OperatorSettings settings)
    {
        var runner = new ReadCacheRunner<V1Pod>(PodCacheApi.For(client, options, settings), cache, settings, TimeProvider.System, NullLoggerFactory.Instance);
        var run = new PodCacheRun();
        var synced = new TaskCompletionSource();
        run._running = runner.RunAsync(() => synced.TrySetResult(), run._stop.Token);
        await synced.Task.WaitAsync(Wait.DefaultTimeout);
        return run;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }
}
