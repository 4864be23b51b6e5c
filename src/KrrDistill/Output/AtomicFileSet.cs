namespace KrrDistill.Output;

/// <summary>
/// The files of one run, written as a set: while a set is open (on this async flow), every <see cref="AtomicFile"/>
/// write goes to its temporary and waits; <see cref="Commit"/> moves them all into place together, and disposing an
/// uncommitted set deletes them, leaving every destination as it was. The pattern of
/// <c>System.Transactions.TransactionScope</c>: the writers need not know they are part of a set.
/// </summary>
/// <remarks>
/// Moving several files is not one atomic step on POSIX. Before the first move, the commit writes a journal
/// (<c>.krr-commit-….journal</c>, itself moved into place atomically) listing every temporary and its destination, and
/// deletes it after the last; a run killed between the two leaves the journal, and <see cref="InterruptedWrites"/> (run
/// by the next command that writes to that directory) completes the moves. So the files on disk are always one run's
/// set, or a journal is present that makes them one.
/// </remarks>
public sealed class AtomicFileSet : IDisposable
{
    private static readonly AsyncLocal<AtomicFileSet?> Ambient = new();
    private readonly AtomicFileSet? _outer;
    private readonly List<(string Temporary, string Destination)> _staged = [];
    private bool _done;

    private AtomicFileSet()
    {
        _outer = Ambient.Value;
        Ambient.Value = this;
    }

    /// <summary>The set open on this flow, if any.</summary>
    internal static AtomicFileSet? Current => Ambient.Value;

    /// <summary>Opens a set: the <see cref="AtomicFile"/> writes that follow, until <see cref="Commit"/> or disposal, belong to it.</summary>
    public static AtomicFileSet Begin() => new();

    /// <summary>The destinations written so far, in order.</summary>
    public IReadOnlyList<string> Destinations => [.. _staged.Select(s => s.Destination)];

    /// <summary>Records a complete temporary to be moved to <paramref name="destination"/> on commit.</summary>
    internal void Stage(string temporary, string destination)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (_staged.Any(s => string.Equals(s.Destination, destination, StringComparison.Ordinal)))
        {
            TemporaryFiles.Delete(temporary);
            throw new InvalidOperationException($"{destination} is written twice in one set of files.");
        }

        _staged.Add((temporary, destination));
    }

    /// <summary>
    /// Moves every file of the set into place (see the remarks) and closes the set; inside another set, hands the files
    /// to it instead, so they move with the outer set's.
    /// </summary>
    /// <exception cref="InputException">A move failed; the files not yet moved are left as they were and their temporaries deleted.</exception>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        Close();
        if (_outer is not null)
        {
            try
            {
                foreach ((string temporary, string destination) in _staged)
                {
                    _outer.Stage(temporary, destination);
                }
            }
            catch
            {
                DeleteTemporaries(_staged); // those handed over already are deleted again harmlessly
                throw;
            }
        }
        else
        {
            MoveIntoPlace(_staged);
        }

        _staged.Clear();
    }

    /// <summary>Deletes the temporaries of an uncommitted set and closes it.</summary>
    public void Dispose()
    {
        if (_done)
        {
            return;
        }

        Close();
        DeleteTemporaries(_staged);
        _staged.Clear();
    }

    /// <summary>
    /// Moves each complete temporary over its destination, with a journal first when there is more than one, all under
    /// <see cref="TemporaryFiles.CommitGate"/> so that a stop request waits for the whole set.
    /// </summary>
    internal static void MoveIntoPlace(IReadOnlyList<(string Temporary, string Destination)> moves)
    {
        lock (TemporaryFiles.CommitGate)
        {
            IReadOnlyList<string> journals;
            try
            {
                TemporaryFiles.ThrowIfAbandoned();
                journals = moves.Count > 1 ? CommitJournal.Write(moves) : [];
            }
            catch
            {
                DeleteTemporaries(moves);
                throw;
            }

            for (int i = 0; i < moves.Count; i++)
            {
                (string temporary, string destination) = moves[i];
                try
                {
                    File.Move(temporary, destination, overwrite: true);
                    TemporaryFiles.Release(temporary);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    DeleteTemporaries(moves.Skip(i));
                    DeleteAll(journals);
                    throw AtomicFile.CannotWrite(destination, temporary, e);
                }
            }

            DeleteAll(journals);
        }
    }

    private static void DeleteTemporaries(IEnumerable<(string Temporary, string Destination)> moves)
    {
        foreach ((string temporary, _) in moves)
        {
            TemporaryFiles.Delete(temporary);
        }
    }

    private static void DeleteAll(IReadOnlyList<string> paths)
    {
        foreach (string path in paths)
        {
            TemporaryFiles.TryDelete(path);
        }
    }

    private void Close()
    {
        _done = true;
        if (Ambient.Value == this)
        {
            Ambient.Value = _outer;
        }
    }
}
