using System.Security.Cryptography;
using k8s;
using k8s.Models;

namespace ImageClone.Operator;

/// <summary>
/// Keeps a sink in step with the server: list, then watch from the list's resourceVersion. A 410 Gone
/// (on the watch, or on a list page whose continue token expired) relists from the start; any other
/// failure re-watches from the last resourceVersion after a jittered backoff.
/// </summary>
internal sealed class ResourceWatcher<TEntity>(
    IEntityApi<TEntity> api,
    IWatchSink<TEntity> sink,
    OperatorSettings settings,
    TimeProvider time,
    ILogger logger)
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    private readonly ExponentialBackoff _backoff = new(settings.FailureBackoffBase, settings.FailureBackoffCap);
    private readonly string _kind = EntityTypeInfo.For(typeof(TEntity)).Kind;
    private string _resourceVersion = "";

    public string ResourceVersion => Volatile.Read(ref _resourceVersion);

    /// <summary>Runs until cancelled; <paramref name="onSynced"/> is called once, after the first list.</summary>
    public async Task RunAsync(Action onSynced, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onSynced);
        try
        {
            await ListAsync(cancellationToken);
            onSynced();
            await WatchForeverAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task WatchForeverAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (true)
        {
            try
            {
                var delivered = false;
                await WatchOnceAsync(() => (failures, delivered) = (0, true), cancellationToken);
                logger.WatchEnded(_kind, ResourceVersion);
                if (!delivered)
                {
                    // A server that ends watches at once must not be hammered with new ones.
                    await Task.Delay(Jittered(_backoff.ForAttempt(0)), time, cancellationToken);
                }
            }
            catch (Exception e) when (WatchErrors.IsGone(e) && !cancellationToken.IsCancellationRequested)
            {
                logger.WatchExpired(_kind, ResourceVersion);
                await ListAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var delay = Jittered(_backoff.ForAttempt(failures++));
                logger.WatchFailed(e, _kind, ResourceVersion, delay);
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    private async Task WatchOnceAsync(Action onEvent, CancellationToken cancellationToken)
    {
        var timeoutSeconds = (int)settings.WatchTimeout.TotalSeconds;
        try
        {
            await foreach (var (type, entity) in api.WatchAsync(ResourceVersion, true, timeoutSeconds, cancellationToken))
            {
                Apply(type, entity);
                onEvent();
            }
        }
        catch (HttpRequestException e) when (WatchErrors.IsEndOfStream(e))
        {
        }
    }

    private void Apply(WatchEventType type, TEntity entity)
    {
        sink.Apply(type, entity);
        if (entity.Metadata?.ResourceVersion is { Length: > 0 } resourceVersion)
        {
            Volatile.Write(ref _resourceVersion, resourceVersion);
        }
    }

    /// <summary>Lists until it succeeds, then hands the whole list to the sink.</summary>
    private async Task ListAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Replace(await api.ListAsync(cancellationToken));
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var delay = Jittered(_backoff.ForAttempt(attempt));
                logger.ListFailed(e, _kind, delay);
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    private void Replace(EntityList<TEntity> list)
    {
        sink.Replace(list);
        Volatile.Write(ref _resourceVersion, list.ResourceVersion);
    }

    private static TimeSpan Jittered(TimeSpan delay) => delay * (1 + (RandomNumberGenerator.GetInt32(0, 200) / 1000.0));
}
