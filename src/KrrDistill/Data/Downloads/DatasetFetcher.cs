using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using KrrDistill.Output;

namespace KrrDistill.Data.Downloads;

/// <summary>
/// Downloads a published data set into the cache: each file over HTTP(S) into <c>NAME.part</c> (resumed with a
/// <c>Range</c> request where the server allows), checked against the publisher's MD5 (a mismatch deletes it), then
/// renamed into place, so a partial download is never taken for a complete one; archives are extracted (regular files
/// and directories only, inside the data set's directory); <c>fetched.json</c> records what was verified. A file
/// already in the cache and matching its checksum is not downloaded again.
/// </summary>
public static class DatasetFetcher
{
    /// <summary>The record of verified files in a fetched data set's directory.</summary>
    public const string RecordName = "fetched.json";

    /// <summary>Fetches <paramref name="dataset"/> as <paramref name="options"/> say.</summary>
    /// <exception cref="InputException">
    /// A host cannot be reached, answers with an error, stalls or ends early, or a file does not match its checksum; the
    /// one-line message names the file and URL and says where to put the file by hand.
    /// </exception>
    public static FetchResult Fetch(PublishedDataset dataset, FetchOptions options, IProgress<ProgressReport>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        string directory = Path.Join(options.Root, dataset.Name);
        bool created = !Directory.Exists(directory);
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{directory}: cannot be created ({e.Message}); set {DataSearchContext.DataEnvironmentVariable} or pass --data-dir to fetch elsewhere.");
        }

        using var handler = new SocketsHttpHandler { ConnectTimeout = options.Timeout, AutomaticDecompression = DecompressionMethods.None };
        using var client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("krr-distill", ModelArtefactVersion()));
        var files = new List<FetchedFile>();
        try
        {
            FetchAll(dataset, options, directory, client, files, progress, cancellation);
        }
        catch when (created && Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            Directory.Delete(directory); // nothing arrived: leave no trace of the attempt
            throw;
        }

        var result = new FetchResult(dataset.Name, directory, files);
        WriteRecord(result, dataset);
        return result;
    }

    private static void FetchAll(PublishedDataset dataset, FetchOptions options, string directory, HttpClient client, List<FetchedFile> files,
        IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        foreach (PublishedFile file in dataset.Files)
        {
            Uri url = options.Mirror is null ? file.Source : new Uri(options.Mirror, Uri.EscapeDataString(file.FileName));
            string target = Path.Join(directory, file.FileName);
            FetchedFile? cached = File.Exists(target) ? Verified(target, file, url, downloaded: false) : null;
            if (cached is null)
            {
                Download(client, file, url, target, options.Timeout, progress, cancellation);
                cached = Verified(target, file, url, downloaded: true) ?? throw new InvalidOperationException($"{target} changed while it was verified.");
            }

            if (file.IsArchive)
            {
                progress?.Report(new ProgressReport($"extracting {file.FileName}", 0));
                ArchiveExtraction.Extract(target, directory);
            }

            files.Add(cached);
        }
    }

    /// <summary>The file at <paramref name="path"/> as verified, or null (and deleted) when it does not match the publisher's MD5.</summary>
    private static FetchedFile? Verified(string path, PublishedFile file, Uri url, bool downloaded)
    {
        (string md5, string sha256, long bytes) = Hashes(path);
        if (md5 == file.Md5)
        {
            return new FetchedFile(file.FileName, url, bytes, md5, sha256, downloaded);
        }

        File.Delete(path);
        if (downloaded)
        {
            throw new InputException($"{file.FileName} from {url}: MD5 {md5} is not the publisher's {file.Md5}, so the file was deleted; the server sent something else (a changed or corrupt file, or an error page).");
        }

        return null; // a stale or damaged copy in the cache: fetched again
    }

    private static (string Md5, string Sha256, long Bytes) Hashes(string path)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using FileStream stream = DataFile.OpenRead(path, bufferSize: 1);
        byte[] buffer = new byte[1 << 20];
        long bytes = 0;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            md5.AppendData(buffer, 0, read);
            sha.AppendData(buffer, 0, read);
            bytes += read;
        }

        return (Convert.ToHexStringLower(md5.GetHashAndReset()), Convert.ToHexStringLower(sha.GetHashAndReset()), bytes);
    }

    /// <summary>Downloads <paramref name="url"/> to <paramref name="target"/> through <c>target.part</c>, resuming a part already there.</summary>
    private static void Download(HttpClient client, PublishedFile file, Uri url, string target, TimeSpan timeout, IProgress<ProgressReport>? progress, CancellationToken cancellation)
    {
        string part = target + ".part";
        string byHand = $"download {url} (MD5 {file.Md5}) by hand into {Path.GetDirectoryName(target)}, or give --mirror URL";
        long offset = File.Exists(part) ? new FileInfo(part).Length : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (offset > 0)
        {
            request.Headers.Range = new RangeHeaderValue(offset, null);
        }

        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        stall.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stall.Token).GetAwaiter().GetResult();
        }
        catch (HttpRequestException e)
        {
            throw new InputException($"cannot reach {url.Host} for {file.FileName} ({Reason(e)}): {byHand}.");
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new InputException($"{url.Host} did not answer within {Seconds(timeout)} for {file.FileName}: {byHand}.");
        }

        using (response)
        {
            bool resumed = response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From == offset;
            if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            {
                File.Delete(part); // the part is not a prefix the server recognizes: start again
                Download(client, file, url, target, timeout, progress, cancellation);
                return;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new InputException($"{url} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {byHand}.");
            }

            long start = resumed ? offset : 0;
            long? total = response.Content.Headers.ContentLength is long length ? start + length : null;
            // The part is not a temporary to clean up when stopped: it is what the next fetch resumes.
            using (FileStream output = new(part, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None))
            {
                Stream body = response.Content.ReadAsStream(stall.Token);
                byte[] buffer = new byte[1 << 16];
                long received = start;
                string phase = $"downloading {file.FileName}" + (total is long t ? $" ({Megabytes(t)})" : "");
                progress?.Report(new ProgressReport(phase, total is long all && all > 0 ? (double)received / all : 0) { Bytes = received - start });
                while (true)
                {
                    int read;
                    stall.CancelAfter(timeout); // the timeout bounds each wait for bytes, not the whole download
                    try
                    {
                        read = body.ReadAsync(buffer, stall.Token).AsTask().GetAwaiter().GetResult();
                    }
                    catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                    {
                        throw new InputException($"{url.Host} sent nothing for {Seconds(timeout)} after {received} bytes of {file.FileName}; the part is kept in {part} and the next fetch resumes it.");
                    }
                    catch (Exception e) when (e is IOException or HttpRequestException)
                    {
                        throw new InputException($"the download of {file.FileName} from {url.Host} stopped after {received} bytes ({Reason(e)}); the part is kept in {part} and the next fetch resumes it.");
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    output.Write(buffer, 0, read);
                    received += read;
                    progress?.Report(new ProgressReport(phase, total is long all2 && all2 > 0 ? (double)received / all2 : 0) { Bytes = received - start });
                }

                if (total is long expected && received != expected)
                {
                    throw new InputException($"the download of {file.FileName} from {url.Host} stopped after {received} of {expected} bytes; the part is kept in {part} and the next fetch resumes it.");
                }
            }
        }

        File.Move(part, target, overwrite: true);
    }

    private static void WriteRecord(FetchResult result, PublishedDataset dataset)
    {
        var record = new JsonObject
        {
            ["data_set"] = dataset.Name,
            ["publisher"] = dataset.Page.AbsoluteUri,
            ["verified_at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["tool_version"] = ModelArtefactVersion(),
            ["files"] = new JsonArray([.. result.Files.Select(f => (JsonNode)f.ToJson())]),
        };
        AtomicFile.WriteAllText(Path.Join(result.Directory, RecordName), JsonText.Of(record) + "\n");
    }

    private static string ModelArtefactVersion() => Ridge.ModelArtefact.ToolVersion ?? "0";

    private static string Reason(Exception e) => Printable.Escape((e.InnerException?.Message ?? e.Message).ReplaceLineEndings(" ").TrimEnd('.'));

    private static string Seconds(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.#} s");

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:0.0} MB");
}
