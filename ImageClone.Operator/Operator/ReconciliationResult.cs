using k8s;
using k8s.Models;

namespace ImageClone.Operator;

/// <summary>
/// What a reconcile asks of the queue. <see cref="Success"/> forgets the key unless
/// <paramref name="requeueAfter"/> is set (a plain delay, resetting the key's backoff);
/// <see cref="Failure"/> always requeues: after <c>RequeueAfter</c> when given, else after the
/// key's exponential backoff.
/// </summary>
public sealed record ReconciliationResult<TEntity>
    where TEntity : IKubernetesObject<V1ObjectMeta>
{
    private ReconciliationResult(TEntity entity, bool isSuccess, string? errorMessage, Exception? error, TimeSpan? requeueAfter)
    {
        Entity = entity;
        IsSuccess = isSuccess;
        ErrorMessage = errorMessage;
        Error = error;
        RequeueAfter = requeueAfter;
    }

    public TEntity Entity { get; }

    public bool IsSuccess { get; }

    public bool IsFailure => !IsSuccess;

    public string? ErrorMessage { get; }

    public Exception? Error { get; }

    public TimeSpan? RequeueAfter { get; }

    public static ReconciliationResult<TEntity> Success(TEntity entity, TimeSpan? requeueAfter = null) =>
        new(entity, true, null, null, requeueAfter);

    public static ReconciliationResult<TEntity> Failure(
        TEntity entity, string errorMessage, Exception? error = null, TimeSpan? requeueAfter = null) =>
        new(entity, false, errorMessage, error, requeueAfter);
}
