using BenchmarkDotNet.Running;

// Runs the benchmarks selected on the command line, e.g.
//   dotnet run -c Release --project bench/KrrDistill.Benchmarks -- --filter '*Gram*'
// Measure with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (env -u ...), as the anchors were.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
