using ImageClone.Cli;

return args switch
{
    ["mirror", .. var rest] => await MirrorCommand.RunAsync(rest),
    ["generate", "rbac", .. var rest] => await GenerateRbacCommand.RunAsync(rest, Console.Out, Console.Error),
    _ => await RunOperatorCommand.RunAsync(args, Console.Error),
};
