using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ImageClone.Registry;

/// <summary>
/// The resilience pipeline of one replayable request (Microsoft.Extensions.Http.Resilience over Polly v8): each attempt
/// bounded by <see cref="RegistryOptions.RequestTimeout"/>; transient answers (5xx, 408, 429) and transport failures
/// retried with jittered exponential backoff or the answer's Retry-After (at most <see cref="RegistryOptions.RetryAfterMax"/>),
/// each kind of failure at most as often as <see cref="Allowed"/> says, no retry after <see cref="RegistryOptions.GiveUpAfter"/>;
/// each retry told to <see cref="RegistryOptions.RetryObserver"/>. The last answer is then passed on for the registry check
/// to name. A streamed upload cannot be replayed: it gets no pipeline (its blob copy is retried whole, <see cref="BlobCopier"/>).
/// </summary>
internal static class RequestRetries
{
    private static readonly ResiliencePropertyKey<long> FirstFailure = new("imageclone.first-failure");

    public static ResilienceHandler Handler(RegistryOptions options, TimeProvider time, HttpMessageHandler inner)
    {
        var pipeline = Pipeline(options, time);
        return new ResilienceHandler(request => ReplayableRequest.Is(request) ? pipeline : ResiliencePipeline<HttpResponseMessage>.Empty) { InnerHandler = inner };
    }

    private static ResiliencePipeline<HttpResponseMessage> Pipeline(RegistryOptions options, TimeProvider time)
    {
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(options.RequestRetries, 1),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryBaseDelay,
            MaxDelay = options.RetryMaxDelay,
            ShouldRetryAfterHeader = true,
            OnRetry = args =>
            {
                options.RetryObserver?.Invoke(Notice(args, options));
                return ValueTask.CompletedTask;
            },
        };
        var retryAfter = retry.DelayGenerator!;
        retry.DelayGenerator = async args =>
        {
            var delay = await retryAfter(args);
            return delay > options.RetryAfterMax ? options.RetryAfterMax : delay;
        };
        retry.ShouldHandle = args => ValueTask.FromResult(
            args.AttemptNumber < Allowed(args.Outcome, args.Context, options) && WithinBudget(args.Context, options, time));
        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(retry)
            .AddTimeout(options.RequestTimeout)
            .Build();
    }

    /// <summary>How many retries this kind of failure gets in all (0: it fails at once).</summary>
    private static int Allowed(Outcome<HttpResponseMessage> outcome, ResilienceContext context, RegistryOptions options) => outcome switch
    {
        { Exception: HttpRequestException e } => TransportFailures.RetriesFor(e, context.GetRequestMessage()?.RequestUri, options),
        { Exception: TimeoutRejectedException } => options.TimeoutRetries,
        { Result: not null } when HttpClientResiliencePredicates.IsTransient(outcome) => options.RequestRetries,
        _ => 0,
    };

    private static bool WithinBudget(ResilienceContext context, RegistryOptions options, TimeProvider time)
    {
        if (!context.Properties.TryGetValue(FirstFailure, out var first))
        {
            context.Properties.Set(FirstFailure, first = time.GetTimestamp());
        }

        return time.GetElapsedTime(first) < options.GiveUpAfter;
    }

    private static RetryNotice Notice(OnRetryArguments<HttpResponseMessage> args, RegistryOptions options)
    {
        var request = args.Context.GetRequestMessage();
        var action = $"{request?.Method} {request?.RequestUri?.GetLeftPart(UriPartial.Path)}";
        var retry = args.AttemptNumber + 1;
        return args.Outcome switch
        {
            { Exception: HttpRequestException e } => new(action, TransportFailures.Describe(e), args.RetryDelay, retry, TransportFailures.RetriesFor(e, request?.RequestUri, options)),
            { Exception: TimeoutRejectedException } => new(action, $"no answer within {options.RequestTimeout.TotalSeconds:0.#} s", args.RetryDelay, retry, options.TimeoutRetries),
            { Result: { } response } => new(action, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd(), args.RetryDelay, retry, options.RequestRetries),
            _ => new(action, args.Outcome.Exception?.Message ?? "failed", args.RetryDelay, retry, options.RequestRetries),
        };
    }
}
