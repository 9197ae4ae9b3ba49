using Microsoft.Extensions.Logging;

namespace ImageClone.Tests.EndToEnd;

/// <summary>One log call as the operator made it: the formatted message, its scopes and structured fields, and any exception.</summary>
internal sealed record CapturedLog(
    string Category,
    LogLevel Level,
    string Message,
    IReadOnlyList<KeyValuePair<string, object?>> Fields,
    IReadOnlyList<string> Scopes,
    Exception? Exception)
{
    /// <summary>Everything a log sink could print: message, fields, scopes and the whole exception chain.</summary>
    public string AllText => string.Join('\n', [
        Message,
        .. Fields.Select(f => $"{f.Key}={f.Value}"),
        .. Scopes,
        Exception?.ToString() ?? "",
    ]);
}
