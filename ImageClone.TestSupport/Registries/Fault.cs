namespace ImageClone.Tests.Support;

/// <summary>What <see cref="RegistryProxy"/> does to a request a <see cref="FaultRule"/> picked; build with the factory methods.</summary>
public sealed record Fault(FaultKind Kind, int Status = 0, TimeSpan? RetryAfter = null, long Bytes = 0, TimeSpan Duration = default)
{
    public static Fault Answer(int status, TimeSpan? retryAfter = null) => new(FaultKind.Answer, Status: status, RetryAfter: retryAfter);

    /// <summary>Waits <paramref name="delay"/>, then answers <paramref name="status"/> without forwarding.</summary>
    public static Fault AnswerAfter(int status, TimeSpan delay) => new(FaultKind.Answer, Status: status, Duration: delay);

    public static Fault ResetAfter(long bytes) => new(FaultKind.ResetAfter, Bytes: bytes);

    public static Fault Stall(TimeSpan duration) => new(FaultKind.Stall, Duration: duration);

    /// <summary>Flips every bit of the response body's byte at <paramref name="offset"/>.</summary>
    public static Fault CorruptByte(long offset = 0) => new(FaultKind.CorruptByte, Bytes: offset);
}
