using Microsoft.Extensions.Logging;

namespace ImageClone.Registry;

internal static partial class RegistryLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Registry request {Action}: {Reason}; retrying in {Delay} ({Retry} of {MaxRetries})")]
    public static partial void Retrying(this ILogger logger, string action, string reason, TimeSpan delay, int retry, int maxRetries);
}
