using KrrDistill.Cli;

StopSignals.Install();
return CliApplication.Run(args);
