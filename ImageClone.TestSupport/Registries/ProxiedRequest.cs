namespace ImageClone.Tests.Support;

/// <summary>One request the proxy saw: the status the client got, and the fault applied to it, if any.</summary>
public sealed record ProxiedRequest(string Method, string Path, int Status, FaultKind? Fault);
