using KrrDistill.Cli;

return CliApplication.Run(args);
