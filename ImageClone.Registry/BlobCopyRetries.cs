using Polly;
using Polly.Retry;

namespace ImageClone.Registry;

/// <summary>
/// A blob copy retried as a whole (a streamed upload cannot be replayed by a handler): a transient failure restarts it
/// from a fresh source stream and upload, with jittered exponential backoff, until <see cref="RegistryOptions.BlobCopyAttempts"/>
/// or <see cref="RegistryOptions.GiveUpAfter"/> is spent; each restart told to <see cref="RegistryOptions.RetryObserver"/>.
/// </summary>
internal sealed class BlobCopyRetries(RegistryOptions options, TimeProvider time)
{
    private static readonly ResiliencePropertyKey<string> Action = new("imageclone.blob-copy");
    private static readonly ResiliencePropertyKey<long> Started = new("imageclone.blob-copy-started");

    private readonly ResiliencePipeline _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(options.BlobCopyAttempts - 1, 1),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.RetryMaxDelay,
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is RegistryException { IsTransient: true }
                && args.AttemptNumber < options.BlobCopyAttempts - 1
                && time.GetElapsedTime(args.Context.Properties.GetValue(Started, 0)) < options.GiveUpAfter),
            OnRetry = args =>
            {
                options.RetryObserver?.Invoke(new RetryNotice(
                    args.Context.Properties.GetValue(Action, "blob copy"), args.Outcome.Exception?.Message ?? "failed", args.RetryDelay, args.AttemptNumber + 1, options.BlobCopyAttempts - 1));
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    /// <param name="action">What is retried, for the notice: <c>copy of blob sha256:… to team/app</c>.</param>
    public async Task RunAsync(string action, Func<CancellationToken, Task> attempt, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(Action, action);
            context.Properties.Set(Started, time.GetTimestamp());
            await _pipeline.ExecuteAsync(static async (context, attempt) => await attempt(context.CancellationToken), context, attempt);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
