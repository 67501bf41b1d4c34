import AsyncHTTPClient
import Foundation
import GazetteCore
import NIOCore
import NIOHTTP1
import NIOHTTPCompression

/// Fetches http(s) URLs politely and defensively (the only file that talks HTTP).
///
/// - Redirects are followed here, not by the client: at most `max_redirects`, only to http and https
///   (a redirect to `file:` is refused), a loop is an error.
/// - Timeouts: connect and read on the client, total per attempt as a deadline.
/// - Retries on timeouts, connection errors, 429 and 5xx, with exponential backoff and jitter, honouring
///   Retry-After; never on other 4xx.
/// - Politeness: at most `per_host_concurrency` requests in flight to one host, `per_host_delay_seconds`
///   apart (``HostGate``).
/// - Bodies: gzip and deflate inflated with a cap, and capped at `max_bytes` either way.
/// - The Content-Type (its charset goes to decode), the ETag and Last-Modified (for conditional requests on
///   the next run) are kept with the document.
final class HTTPFetcher: Sendable {
    private let options: FetchOptions
    private let gate: HostGate
    private let clientBox = ClientBox()

    init(options: FetchOptions) {
        self.options = options
        gate = HostGate(concurrency: max(1, options.perHostConcurrency), delay: options.perHostDelaySeconds)
    }

    func shutdown() async { await clientBox.shutdown() }

    func fetch(_ url: String, validators: HTTPValidators?) async throws -> FetchOutcome {
        var current = url
        var visited: [String] = [url]
        for _ in 0...options.maxRedirects {
            let response = try await fetchWithRetries(current, originalURL: url, validators: validators)
            switch response.status {
            case 300...399 where response.status != 304:
                guard let location = response.location,
                      let target = URL(string: location, relativeTo: URL(string: current))?.absoluteURL else {
                    throw error(url, .fetchRedirect, "redirect \(response.status) from \(current) without a usable Location")
                }
                let scheme = target.scheme?.lowercased() ?? ""
                guard scheme == "http" || scheme == "https" else {
                    throw error(url, .fetchUnsupportedScheme, "redirected from \(current) to \(target.absoluteString): only http and https are followed")
                }
                if visited.contains(target.absoluteString) {
                    throw error(url, .fetchRedirect, "redirect loop: \((visited + [target.absoluteString]).joined(separator: " → "))")
                }
                visited.append(target.absoluteString)
                current = target.absoluteString
            case 304:
                return .notModified
            case 200...299:
                let source = Source(uri: url, sha256: ContentDigest.hex(response.body), bytes: response.body.count,
                                    contentType: response.contentType,
                                    fetchedAt: ISO8601DateFormatter().string(from: Date()))
                var document = FetchedDocument(source: source, content: response.body,
                                               validators: HTTPValidators(etag: response.etag, lastModified: response.lastModified))
                if current != url {
                    document.diagnostics.append(Diagnostic(stage: .fetch, severity: .info, code: "fetch.redirected",
                                                           message: "fetched from \(current) after \(visited.count - 1) redirects"))
                }
                return .fetched(document)
            case 404, 410:
                throw error(url, .fetchNotFound, "the server answered \(response.status) (not found)")
            default:
                throw error(url, .fetchHTTPStatus, "the server answered \(response.status)")
            }
        }
        throw error(url, .fetchRedirect, "more than \(options.maxRedirects) redirects: \(visited.joined(separator: " → "))")
    }

    /// A response as Gazette keeps it.
    private struct Response {
        var status: Int
        var body: Data
        var contentType: String?
        var location: String?
        var etag: String?
        var lastModified: String?
        var retryAfter: String?
    }

    /// One URL with retries; returns any response that is not worth retrying (2xx, 3xx, 4xx but 429).
    private func fetchWithRetries(_ url: String, originalURL: String, validators: HTTPValidators?) async throws -> Response {
        var attempt = 0
        while true {
            let outcome: Result<Response, GazetteError>
            do {
                outcome = .success(try await attemptOnce(url, originalURL: originalURL, validators: validators))
            } catch let failure as GazetteError {
                outcome = .failure(failure)
            }
            let retryable: Bool
            var wait = options.retryBaseSeconds * pow(2, Double(attempt))
            wait += Double.random(in: 0...(wait / 2))
            switch outcome {
            case .success(let response) where response.status == 429 || (500...599).contains(response.status):
                retryable = true
                if let retryAfter = response.retryAfter.flatMap(Self.seconds(fromRetryAfter:)) { wait = retryAfter }
                if attempt >= options.retries {
                    throw error(originalURL, response.status == 429 ? .fetchRateLimited : .fetchServerError,
                                "the server answered \(response.status) to \(attempt + 1) attempts")
                }
            case .success(let response):
                return response
            case .failure(let failure):
                retryable = failure.code == .fetchTimeout || failure.code == .fetchConnection
                if !retryable || attempt >= options.retries {
                    if retryable {
                        throw error(originalURL, failure.code, "\(failure.message) (\(attempt + 1) attempts)")
                    }
                    throw failure
                }
            }
            _ = retryable
            attempt += 1
            try await Task.sleep(nanoseconds: UInt64(min(wait, options.retryMaxSeconds) * 1e9))
        }
    }

    private func attemptOnce(_ url: String, originalURL: String, validators: HTTPValidators?) async throws -> Response {
        let host = URL(string: url)?.host?.lowercased() ?? url
        await gate.enter(host)
        defer { Task { await gate.leave(host) } }
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "User-Agent", value: options.userAgent)
        request.headers.add(name: "Accept-Encoding", value: "gzip, deflate")
        request.headers.add(name: "Accept", value: "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5")
        if let etag = validators?.etag { request.headers.add(name: "If-None-Match", value: etag) }
        if let lastModified = validators?.lastModified { request.headers.add(name: "If-Modified-Since", value: lastModified) }
        let client = await clientBox.client(options)
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(options.totalTimeoutSeconds * 1000)))
            var body = Data()
            if (200...299).contains(Int(response.status.code)) {
                let buffer = try await response.body.collect(upTo: options.maxBytes)
                body = Data(buffer.readableBytesView)
            } else {
                // Drain a little of an error body so the connection can be reused.
                _ = try? await response.body.collect(upTo: 64 * 1024)
            }
            let headers = response.headers
            return Response(status: Int(response.status.code), body: body, contentType: headers.first(name: "Content-Type"),
                            location: headers.first(name: "Location"), etag: headers.first(name: "ETag"),
                            lastModified: headers.first(name: "Last-Modified"), retryAfter: headers.first(name: "Retry-After"))
        } catch is NIOTooManyBytesError {
            throw error(originalURL, .fetchTooLarge, "the body is larger than max_bytes (\(options.maxBytes))")
        } catch let failure as NIOHTTPDecompression.DecompressionError {
            throw error(originalURL, .fetchTooLarge, "the compressed body inflates past max_bytes (\(options.maxBytes)): \(failure)")
        } catch let failure as HTTPClientError {
            switch failure {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                throw error(originalURL, .fetchTimeout, "timed out fetching \(url): \(failure)")
            case .remoteConnectionClosed, .cancelled:
                throw error(originalURL, .fetchConnection, "the connection to \(host) failed: \(failure)")
            default:
                throw error(originalURL, .fetchConnection, "fetching \(url) failed: \(failure)")
            }
        } catch let failure as GazetteError {
            throw failure
        } catch {
            throw self.error(originalURL, .fetchConnection, "fetching \(url) failed: \(error)")
        }
    }

    /// Retry-After as seconds: a number, or an HTTP date.
    static func seconds(fromRetryAfter value: String) -> Double? {
        if let seconds = Double(value.trimmingCharacters(in: .whitespaces)) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { max(0, $0.timeIntervalSinceNow) }
    }

    private func error(_ url: String, _ code: GazetteError.Code, _ message: String) -> GazetteError {
        GazetteError(stage: .fetch, code: code, message: message, input: url)
    }
}

/// The HTTP client, created on the first URL (most runs read files) and shut down once.
private actor ClientBox {
    private var client: HTTPClient?

    func client(_ options: FetchOptions) -> HTTPClient {
        if let client { return client }
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .milliseconds(Int64(options.connectTimeoutSeconds * 1000)),
                                      read: .milliseconds(Int64(options.readTimeoutSeconds * 1000)))
        configuration.decompression = .enabled(limit: .size(options.maxBytes))
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(1, options.perHostConcurrency)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.client = client
        return client
    }

    func shutdown() async {
        try? await client?.shutdown()
        client = nil
    }
}

/// Per-host politeness: at most `concurrency` requests in flight to a host, each started at least `delay`
/// seconds after the previous one to it.
actor HostGate {
    private let concurrency: Int
    private let delay: Double
    private var active: [String: Int] = [:]
    private var nextStart: [String: Date] = [:]
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    init(concurrency: Int, delay: Double) {
        self.concurrency = concurrency
        self.delay = delay
    }

    func enter(_ host: String) async {
        while active[host, default: 0] >= concurrency {
            await withCheckedContinuation { waiting[host, default: []].append($0) }
        }
        active[host, default: 0] += 1
        let now = Date()
        let start = max(now, nextStart[host] ?? now)
        nextStart[host] = start.addingTimeInterval(delay)
        let wait = start.timeIntervalSince(now)
        if wait > 0 { try? await Task.sleep(nanoseconds: UInt64(wait * 1e9)) }
    }

    func leave(_ host: String) {
        active[host, default: 1] -= 1
        if var queue = waiting[host], !queue.isEmpty {
            queue.removeFirst().resume()
            waiting[host] = queue
        }
    }
}
