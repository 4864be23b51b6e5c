namespace KrrDistill.Cli;

/// <summary>
/// The .NET runtime's debugger pipes (<c>clr-debug-pipe-PID-*</c>) and diagnostic socket (<c>dotnet-diagnostic-PID-*</c>)
/// that it creates in the temporary directory when it starts. A process that a launcher kills (an MPI job ending after
/// a rank died, <c>scancel</c>) cannot remove them, so an MPI rank removes its own as soon as it runs, and again once
/// MPI has started (the socket may come later): a debugger or dotnet-trace could not reach a rank on another node
/// anyway. A rank killed in the first moments of its start, before its own code runs, still leaves them. The runtime offers no setting read from the application for this
/// (only the environment variable <c>DOTNET_EnableDiagnostics=0</c>, which must be set before it starts).
/// </summary>
internal static class RuntimeEndpoints
{
    /// <summary>Removes this process's endpoints; a failure to remove one is ignored (the runtime's own cleanup remains).</summary>
    public static void RemoveOwn()
    {
        int pid = Environment.ProcessId;
        string directory = Path.GetTempPath();
        try
        {
            foreach (string pattern in new[] { $"clr-debug-pipe-{pid}-*", $"dotnet-diagnostic-{pid}-*-socket" })
            {
                foreach (string file in Directory.EnumerateFiles(directory, pattern))
                {
                    File.Delete(file);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not ours to fight over: at worst the files stay, as they would without this.
        }
    }
}
