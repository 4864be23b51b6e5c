using System.CommandLine;
using KrrDistill.Cli;

return CliApplication.Run(args);
