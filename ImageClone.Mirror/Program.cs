using ImageClone.Cli;

return await MirrorCommandLine.InvokeStandaloneAsync(args, CommandContext.Process, CancellationToken.None);
