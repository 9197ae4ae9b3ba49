using ImageClone.Bench.Fleet;

if (args is not [var operatorDll, var workDirectory, .. var shapeArguments] || FleetShape.Parse(shapeArguments) is not { } shape)
{
    Console.Error.WriteLine($"usage: FleetBench ImageClone.Operator.dll WORK_DIRECTORY {FleetShape.Usage}");
    return 2;
}

var result = await new FleetBenchmark(Path.GetFullPath(operatorDll), workDirectory, shape).RunAsync();
ResultTable.Print(Console.Out, shape, result);
var failures = FleetInvariants.Check(shape, result);
foreach (var failure in failures)
{
    Console.Error.WriteLine($"FAILED: {failure}");
}

return failures.Count == 0 ? 0 : 1;
