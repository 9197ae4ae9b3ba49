namespace ImageClone.Tests.Support;

internal sealed record RegistryTokenClaims(
    string Issuer,
    string Subject,
    string Audience,
    DateTimeOffset IssuedAt,
    TimeSpan Lifetime,
    IReadOnlyList<RepositoryGrant> Access);
