namespace ImageClone.Registry;

/// <summary>Whether a registry serves a repository to anyone: <see cref="Unknown"/> when it does not exist yet and the registry could create it either way.</summary>
public enum RepositoryVisibility
{
    Private,
    Public,
    Unknown,
}
