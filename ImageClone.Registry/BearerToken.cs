namespace ImageClone.Registry;

internal sealed record BearerToken(string Value, DateTimeOffset ExpiresAt);
