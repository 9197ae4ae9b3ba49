using k8s;
using k8s.Models;

namespace ImageClone.Operator;

/// <summary>
/// A queue worker: takes a key, hands the latest cached object (or the last state of a deleted
/// one) to the controller, and turns the result into the key's next step in the queue. It takes keys only while the
/// <see cref="LeadershipGate"/> is open; a reconcile cancelled by the gate closing is queued again, its backoff kept.
/// </summary>
internal sealed class EntityReconciler<TController, TEntity>(
    EntityCache<TEntity> cache,
    EntityQueue queue,
    LeadershipGate gate,
    IServiceScopeFactory scopes,
    OperatorMetrics metrics,
    TimeProvider time,
    ILogger logger)
    where TController : class, IEntityController<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    private readonly string _kind = EntityTypeInfo.For(typeof(TEntity)).Kind;

    public async Task RunWorkerAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            EntityKey key;
            CancellationToken spell;
            try
            {
                spell = await gate.WaitOpenAsync(cancellationToken);
                key = await queue.DequeueAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using var acting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, spell);
            try
            {
                await ProcessAsync(key, acting.Token);
            }
            finally
            {
                if (spell.IsCancellationRequested && !cancellationToken.IsCancellationRequested && cache.Contains(key))
                {
                    // paused, not ended: the key runs again once the gate opens
                    queue.Enqueue(key);
                }

                queue.Done(key);
            }
        }
    }

    private async Task ProcessAsync(EntityKey key, CancellationToken cancellationToken)
    {
        if (cache.TryGet(key, out var entity))
        {
            var result = await InvokeAsync(key, entity, (c, e, ct) => c.ReconcileAsync(e, ct), cancellationToken);
            ScheduleNext(key, result, cancellationToken);
        }
        else if (cache.TryTakeDeleted(key, out var lastState))
        {
            // The object is gone: nothing is requeued, whatever DeletedAsync answers.
            await InvokeAsync(key, lastState, (c, e, ct) => c.DeletedAsync(e, ct), cancellationToken);
            queue.Forget(key);
        }
    }

    private async Task<ReconcileOutcome> InvokeAsync(
        EntityKey key,
        TEntity entity,
        Func<TController, TEntity, CancellationToken, Task<ReconciliationResult<TEntity>>> call,
        CancellationToken cancellationToken)
    {
        // Leadership may have been lost between dequeue and here.
        if (cancellationToken.IsCancellationRequested)
        {
            return ReconcileOutcome.Cancelled;
        }

        var started = time.GetTimestamp();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var controller = scope.ServiceProvider.GetRequiredService<TController>();
            var result = await call(controller, entity, cancellationToken);
            metrics.RecordReconcile(_kind, result.IsSuccess, time.GetElapsedTime(started));
            if (result.IsFailure)
            {
                logger.ReconcileFailed(result.Error, _kind, key, result.ErrorMessage);
            }

            return new(result.IsFailure, result.RequeueAfter);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ReconcileOutcome.Cancelled;
        }
        catch (Exception e)
        {
            metrics.RecordReconcile(_kind, false, time.GetElapsedTime(started));
            logger.ReconcileThrew(e, _kind, key);
            return new(true, null);
        }
    }

    private void ScheduleNext(EntityKey key, ReconcileOutcome outcome, CancellationToken cancellationToken)
    {
        // A cancelled reconcile schedules nothing (a paused one is queued again by its worker), and a key deleted
        // during its reconcile is not requeued.
        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        if (!cache.Contains(key))
        {
            queue.Forget(key);
            return;
        }

        if (outcome.Failed)
        {
            // controller-runtime's rate-limited requeue: a failure never resets the key's backoff, even with a delay of its own.
            var backoff = queue.RequeueAfterFailure(key, outcome.RequeueAfter);
            logger.RetryScheduled(_kind, key, backoff);
        }
        else if (outcome.RequeueAfter is { } delay)
        {
            queue.ResetBackoff(key);
            queue.RequeueAfter(key, delay);
        }
        else
        {
            queue.Forget(key);
        }
    }
}
