using ImageClone.Cli;

return await ImageCloneCommandLine.InvokeAsync(args, CommandContext.Process);
