using k8s;
using k8s.Models;

namespace ImageClone.Operator;

/// <summary>
/// What a reconcile asks of the queue, which owns the key's backoff. <see cref="Success"/> forgets
/// the key unless <c>requeueAfter</c> is set (a plain delay; the key's backoff is reset);
/// <see cref="Failure"/> always requeues and counts against the key's backoff: after the next
/// exponential backoff step, or after <c>requeueAfter</c> when given (the backoff is kept).
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
