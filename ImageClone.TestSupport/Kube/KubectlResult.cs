namespace ImageClone.Tests.Support.Kube;

public sealed record KubectlResult(int ExitCode, string Output, string Error);
