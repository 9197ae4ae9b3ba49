namespace ImageClone.Registry;

/// <summary>A reference that is not a valid image reference; the message names it and says why.</summary>
public sealed class InvalidImageReferenceException(string reference, string reason)
    : FormatException($"invalid image reference \"{reference}\": {reason}")
{
    public string Reference { get; } = reference;

    public string Reason { get; } = reason;
}
