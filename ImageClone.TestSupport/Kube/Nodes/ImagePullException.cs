namespace ImageClone.Tests.Support.Kube.Nodes;

/// <summary>A pull that failed, with the message a kubelet would put in the container's Waiting state.</summary>
internal sealed class ImagePullException(string message) : Exception(message);
