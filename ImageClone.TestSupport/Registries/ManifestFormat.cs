namespace ImageClone.Tests.Support;

public enum ManifestFormat
{
    Oci,
    Docker,
}
