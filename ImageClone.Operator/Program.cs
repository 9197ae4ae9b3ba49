using ImageClone.Cli;

if (args is ["mirror", .. var mirrorArgs])
{
    return await MirrorCommand.RunAsync(mirrorArgs);
}

Console.WriteLine("ImageClone");
return 0;
