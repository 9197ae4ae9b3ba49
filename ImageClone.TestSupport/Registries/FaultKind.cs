namespace ImageClone.Tests.Support;

public enum FaultKind
{
    /// <summary>Answer a status (optionally with Retry-After) without forwarding.</summary>
    Answer,

    /// <summary>Forward, then reset the connection after some bytes of the response body.</summary>
    ResetAfter,

    /// <summary>Wait, then forward.</summary>
    Stall,

    /// <summary>Forward, flipping one byte of the response body.</summary>
    CorruptByte,
}
