using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s;
using k8s.Models;

namespace ImageClone.Tests.Operator;

/// <summary>One watch request to <see cref="FakeDeploymentApi"/>: the test sends its events, ends it, or breaks it.</summary>
internal sealed class FakeWatch(string resourceVersion, bool allowBookmarks, int timeoutSeconds)
{
    private readonly Channel<(WatchEventType Type, V1Deployment? Entity, Exception? Error)> _steps =
        Channel.CreateUnbounded<(WatchEventType, V1Deployment?, Exception?)>();

    public string ResourceVersion { get; } = resourceVersion;

    public bool AllowBookmarks { get; } = allowBookmarks;

    public int TimeoutSeconds { get; } = timeoutSeconds;

    public void Send(WatchEventType type, V1Deployment entity) => _steps.Writer.TryWrite((type, entity, null));

    public void Fail(Exception error) => _steps.Writer.TryWrite((WatchEventType.Error, null, error));

    public void End() => _steps.Writer.TryComplete();

    public async IAsyncEnumerable<(WatchEventType, V1Deployment)> StreamAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (type, entity, error) in _steps.Reader.ReadAllAsync(cancellationToken))
        {
            if (error is not null)
            {
                throw error;
            }

            yield return (type, entity!);
        }
    }
}
