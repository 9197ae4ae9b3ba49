using System.Text;

namespace ImageClone.Registry;

/// <summary>
/// Maps a source image to its copy under <see cref="MirrorRepository"/>: one path level, so it is
/// valid on Docker Hub and quay.io as well as on registries that nest. The source registry host
/// and path are kept, readable and reversible: <c>/</c> becomes <c>_</c>; <c>.</c> and runs of
/// <c>-</c> stay; the rare <c>_</c>, <c>__</c> and <c>:</c> become the escapes <c>__u__</c>,
/// <c>__uu__</c> and <c>__p__</c> (a double underscore appears only inside an escape).
/// <c>quay.io/x/y:1</c> → <c>REPOSITORY/quay.io_x_y:1</c>.
/// </summary>
public sealed class TargetNaming(MirrorRepository repository)
{
    public MirrorRepository Repository { get; } = repository;

    /// <summary>True when the image already lives under <c>REPOSITORY</c>.</summary>
    public bool IsMirrored(ImageReference image) =>
        string.Equals(image.Registry, Repository.Registry, StringComparison.OrdinalIgnoreCase)
        && image.Repository.StartsWith(Repository.Path + "/", StringComparison.Ordinal);

    /// <summary>The target for a source image: same tag, same digest.</summary>
    public ImageReference TargetFor(ImageReference source)
    {
        var name = FlattenName(source.Registry.ToLowerInvariant() + "/" + source.Repository);
        var repository = $"{Repository.Path}/{name}";
        try
        {
            return ImageReference.Create(Repository.Registry, repository, source.Tag, source.Digest);
        }
        catch (InvalidImageReferenceException e)
        {
            throw new InvalidImageReferenceException(source.ToString(), $"its mirror name \"{Repository.Registry}/{repository}\" is not valid: {e.Reason}");
        }
    }

    internal static string FlattenName(string name)
    {
        var result = new StringBuilder(name.Length + 8);
        var i = 0;
        while (i < name.Length)
        {
            var c = name[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                result.Append(c);
                i++;
                continue;
            }

            var run = RunLength(name, i);
            result.Append(EncodeSeparator(name, c, run));
            i += run;
        }

        return result.ToString();
    }

    private static int RunLength(string name, int start)
    {
        var end = start;
        while (end < name.Length && name[end] == name[start])
        {
            end++;
        }

        return end - start;
    }

    private static string EncodeSeparator(string name, char separator, int run) => (separator, run) switch
    {
        ('/', 1) => "_",
        ('.', 1) => ".",
        ('-', _) => new string('-', run),
        ('_', 1) => "__u__",
        ('_', 2) => "__uu__",
        (':', 1) => "__p__",
        _ => throw new InvalidImageReferenceException(name, $"\"{new string(separator, run)}\" cannot be named under a mirror repository"),
    };
}
