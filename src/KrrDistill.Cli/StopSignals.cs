using System.Runtime.InteropServices;
using KrrDistill.Output;

namespace KrrDistill.Cli;

/// <summary>
/// Ctrl-C (SIGINT), SIGTERM, SIGHUP and SIGQUIT: the temporaries of the files being written are deleted (a set being
/// moved into place is finished first), then the process stops as the signal asks. Only SIGKILL leaves temporaries,
/// which the next run that writes to the same directory removes.
/// </summary>
internal static class StopSignals
{
    private static readonly List<PosixSignalRegistration> Registrations = [];

    /// <summary>Installs the handlers (once; the tool's entry point calls this).</summary>
    public static void Install()
    {
        lock (Registrations)
        {
            if (Registrations.Count > 0)
            {
                return;
            }

            foreach (PosixSignal signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
            {
                Registrations.Add(PosixSignalRegistration.Create(signal, _ => TemporaryFiles.Abandon()));
            }
        }
    }
}
