using ImageClone.Bench.Fleet;

if (args is not [var operatorDll, var roleYaml, var workDirectory])
{
    Console.Error.WriteLine("usage: FleetBench ImageClone.Operator.dll config/rbac/role.yaml WORK_DIRECTORY");
    return 2;
}

var shape = FleetShape.Default;
var (first, second) = await new FleetBenchmark(Path.GetFullPath(operatorDll), Path.GetFullPath(roleYaml), workDirectory, shape).RunAsync();
ResultTable.Print(Console.Out, shape, first, second);
return 0;
