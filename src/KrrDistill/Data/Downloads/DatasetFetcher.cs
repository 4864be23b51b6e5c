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
            FetchedFile cached = (File.Exists(target) ? Cached(target, file, url) : null)
                ?? Download(client, file, url, target, options.Timeout, progress, cancellation);

            if (file.IsArchive)
            {
                progress?.Report(new ProgressReport($"extracting {file.FileName}", 0));
                ArchiveExtraction.Extract(target, directory);
            }

            files.Add(cached);
        }
    }

    /// <summary>
    /// Fetches the published data set <paramref name="name"/> when the catalog does not find it (in
    /// <paramref name="dataDirectory"/>, or where it looks without one); returns false, doing nothing, when it is found or
    /// is not a published data set (a file, a folder). <paramref name="options"/>' root should be the data directory when
    /// one is given, so that the catalog finds what was fetched.
    /// </summary>
    public static bool FetchIfMissing(string name, string? dataDirectory, FetchOptions options, IProgress<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Publishers.Find(name) is not { } published
            || DatasetCatalog.Probe(dataDirectory).Any(d => d.Found && string.Equals(d.Name, published.Name, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        _ = Fetch(published, options, progress);
        return true;
    }

    /// <summary>The file already at <paramref name="path"/> as verified, or null (and deleted: it is fetched again) when it does not match the publisher's MD5.</summary>
    private static FetchedFile? Cached(string path, PublishedFile file, Uri url)
    {
        using var digest = new FileDigest();
        digest.AppendFile(path);
        if (digest.Md5 == file.Md5)
        {
            return new FetchedFile(file.FileName, url, digest.Bytes, digest.Md5, digest.Sha256, Downloaded: false);
        }

        File.Delete(path); // a stale or damaged copy
        return null;
    }

    /// <summary>
    /// Downloads <paramref name="url"/> to <paramref name="target"/> through <c>target.part</c>, resuming a part already
    /// there, hashing the bytes as they arrive (a resumed part's first); the part becomes the target only when its MD5 is
    /// the publisher's, else it is deleted and refused.
    /// </summary>
    private static FetchedFile Download(HttpClient client, PublishedFile file, Uri url, string target, TimeSpan timeout, IProgress<ProgressReport>? progress, CancellationToken cancellation)
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
                return Download(client, file, url, target, timeout, progress, cancellation);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new InputException($"{url} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {byHand}.");
            }

            long start = resumed ? offset : 0;
            using var digest = new FileDigest();
            if (resumed)
            {
                digest.AppendFile(part);
            }

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
                    digest.Append(buffer.AsSpan(0, read));
                    received += read;
                    progress?.Report(new ProgressReport(phase, total is long all2 && all2 > 0 ? (double)received / all2 : 0) { Bytes = received - start });
                }

                if (total is long expected && received != expected)
                {
                    throw new InputException($"the download of {file.FileName} from {url.Host} stopped after {received} of {expected} bytes; the part is kept in {part} and the next fetch resumes it.");
                }
            }

            if (digest.Md5 != file.Md5)
            {
                File.Delete(part);
                throw new InputException($"{file.FileName} from {url}: MD5 {digest.Md5} is not the publisher's {file.Md5}, so the file was deleted; the server sent something else (a changed or corrupt file, or an error page).");
            }

            File.Move(part, target, overwrite: true);
            return new FetchedFile(file.FileName, url, digest.Bytes, digest.Md5, digest.Sha256, Downloaded: true);
        }
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

    /// <summary>MD5 (the publishers' checksum) and SHA-256 of bytes as they pass, and their count.</summary>
    private sealed class FileDigest : IDisposable
    {
        private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private string? _md5Hex, _sha256Hex;

        public long Bytes { get; private set; }

        public string Md5 => _md5Hex ??= Convert.ToHexStringLower(_md5.GetHashAndReset());

        public string Sha256 => _sha256Hex ??= Convert.ToHexStringLower(_sha256.GetHashAndReset());

        public void Append(ReadOnlySpan<byte> bytes)
        {
            _md5.AppendData(bytes);
            _sha256.AppendData(bytes);
            Bytes += bytes.Length;
        }

        public void AppendFile(string path)
        {
            using FileStream stream = DataFile.OpenRead(path, bufferSize: 1);
            byte[] buffer = new byte[1 << 20];
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                Append(buffer.AsSpan(0, read));
            }
        }

        public void Dispose()
        {
            _md5.Dispose();
            _sha256.Dispose();
        }
    }
}
