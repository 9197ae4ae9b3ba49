namespace ImageClone.Tests.Support.Kube.Nodes;

/// <summary>A username and password from a pod's pull secret, for one registry host.</summary>
internal sealed record RegistryLogin(string Username, string Password);
