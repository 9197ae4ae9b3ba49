using System.Security.Cryptography;

namespace ImageClone.Tests.Support.Kube;

/// <summary>
/// The identities the apiserver's static token file knows (it is read once, at start): an admin in
/// <c>system:masters</c>; several tokens of the operator's service account (one per replica a test runs, so
/// requests can be told apart while RBAC sees one identity); and plain users without any binding, which a
/// test binds to a role of its own.
/// </summary>
internal sealed class ControlPlaneUsers
{
    public const string Admin = "testbed-admin";
    public const string OperatorServiceAccount = "system:serviceaccount:imageclone-system:imageclone-controller";
    public const int OperatorTokens = 12;
    public const int PlainUsers = 8;

    private readonly Dictionary<string, KubeUser> _byLabel = new(StringComparer.Ordinal);

    private ControlPlaneUsers()
    {
        Add(new KubeUser(Admin, Admin, NewToken(), ["system:masters"]));
        for (var i = 0; i < OperatorTokens; i++)
        {
            Add(new KubeUser($"operator-{i}", OperatorServiceAccount, NewToken(), ["system:serviceaccounts", "system:serviceaccounts:imageclone-system"]));
        }

        for (var i = 0; i < PlainUsers; i++)
        {
            Add(new KubeUser($"user-{i}", $"testbed-user-{i}", NewToken(), []));
        }
    }

    public IReadOnlyCollection<KubeUser> All => _byLabel.Values;

    public static ControlPlaneUsers Create() => new();

    public KubeUser Get(string label) => _byLabel.TryGetValue(label, out var user) ? user : throw new ArgumentException($"no testbed user {label}", nameof(label));

    /// <summary>The label of the token's user, for request logs; null for an unknown token.</summary>
    public string? LabelOfToken(string token) => _byLabel.Values.FirstOrDefault(u => u.Token == token)?.Label;

    /// <summary>The token file's lines: <c>token,user,uid,"group1,group2"</c>.</summary>
    public string TokenFile() => string.Join('\n', _byLabel.Values.Select(u => $"{u.Token},{u.Name},{u.Label},\"{string.Join(',', u.Groups)}\"")) + "\n";

    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private void Add(KubeUser user) => _byLabel[user.Label] = user;
}
