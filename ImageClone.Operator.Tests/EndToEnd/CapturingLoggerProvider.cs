using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ImageClone.Tests.EndToEnd;

/// <summary>Keeps every log call of the operator (all levels, with scopes) for assertions.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            provider._scopes.ForEachScope((scope, list) => list.Add(Describe(scope)), scopes);
            var fields = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            provider._entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), [.. fields], scopes, exception));
        }

        private static string Describe(object? scope) => scope switch
        {
            IEnumerable<KeyValuePair<string, object>> pairs => string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")),
            _ => scope?.ToString() ?? "",
        };
    }
}
