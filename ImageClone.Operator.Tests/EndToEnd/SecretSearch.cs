using System.Text;

namespace ImageClone.Tests.EndToEnd;

/// <summary>Looks for secrets, as written and base64-encoded (alone and as the <c>user:password</c> of an auth field), in text the operator produced.</summary>
internal sealed class SecretSearch
{
    private readonly List<(string Secret, string Form)> _forms = [];

    public SecretSearch Add(string username, string password)
    {
        _forms.Add((password, password));
        _forms.Add((password, Base64(password)));
        _forms.Add((password, Base64($"{username}:{password}")));
        return this;
    }

    /// <summary>Each secret form found, with where: "secret form in source".</summary>
    public IReadOnlyList<string> FindIn(IEnumerable<(string Source, string Text)> haystack) =>
        [.. haystack.SelectMany(item => _forms
            .Where(form => item.Text.Contains(form.Form, StringComparison.Ordinal))
            .Select(form => $"\"{form.Form}\" (of secret {form.Secret[..6]}…) in {item.Source}"))];

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
