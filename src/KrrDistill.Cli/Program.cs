using KrrDistill.Cli;

StopSignals.Install();
return MpiLaunch.Start(args);
