namespace ImageClone.Tests.Support.FakeKube;

public sealed record KubectlResult(int ExitCode, string Output, string Error);
