using ImageClone.Cli;

return await MirrorCommand.RunAsync(args);
