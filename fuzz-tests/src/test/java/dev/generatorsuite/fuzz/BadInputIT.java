package dev.generatorsuite.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Bad input (issue 6): at least 1000 malformed requests, generated from a fixed seed, against every
 * public endpoint through nginx. Passes when
 *
 * <ul>
 *   <li>no answer is a 5xx;
 *   <li>every 4xx is {@code application/problem+json} whose {@code status} is the answer's status
 *       and whose {@code title} is set, without a stack trace. The rule for the page paths ({@code
 *       GET /} and {@code POST /generate}, whose reader is a person with a browser): a 4xx may also
 *       be the page itself ({@code text/html}, the suite's page with the error in a banner), as
 *       CONTRACT.md's frontend section describes; nginx's or the framework's default HTML error
 *       pages fail;
 *   <li>no write (a POST) is accepted (2xx or 3xx) and no private path ({@code /q/...}, {@code
 *       /ops/...}, the combiner's job API) answers 2xx to a path trick;
 *   <li>no product is stored: the count of {@code GET /api/products/stats} and the newest id are
 *       the same before and after (unless {@code fuzz.otherWriters}: then scripts/test-fuzz.sh
 *       counts the rows in PostgreSQL, leaving out the scheduled job's).
 * </ul>
 *
 * Requests are paced (default 40/s, under nginx's 50 r/s limit for /api) so the test measures the
 * product, not the rate limiter; a 429 is retried after a pause and counted apart. A 503 is the
 * product's "try again later" (the page answers it when a service it asks does not answer in time,
 * as on a machine busy with freshly started JVMs): it is sent once more after a pause and counted
 * apart, and only a second 5xx fails; an answer that malformed input breaks repeats, a passing
 * overload does not. Lines starting with "FUZZ " are the figures and results that
 * scripts/test-fuzz.sh prints.
 */
class BadInputIT {

  private static final String BASE_URL = System.getProperty("fuzz.baseUrl", "").trim();
  private static final long SEED = Long.getLong("fuzz.seed", 6006);
  private static final int REQUESTS = Integer.getInteger("fuzz.requests", 1200);
  private static final int RATE = Integer.getInteger("fuzz.rate", 40);
  private static final int THREADS = Integer.getInteger("fuzz.threads", 4);
  private static final int MAX_SECONDS = Integer.getInteger("fuzz.maxSeconds", 75);
  private static final boolean OTHER_WRITERS = Boolean.getBoolean("fuzz.otherWriters");

  private static final int MIN_REQUESTS = 1000;
  private static final int RETRIES_429 = 5;
  private static final long PAUSE_429_MS = 1_000;
  private static final long PAUSE_503_MS = 2_000;
  private static final int SHOWN_FAILURES = 20;
  private static final String PAGE_MARKER = "<title>Generator suite</title>";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, LongAdder> perEndpoint = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> perKind = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> failureCounts = new ConcurrentHashMap<>();
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
  private final LongAdder answers429 = new LongAdder();
  private final LongAdder answers503 = new LongAdder();
  private final LongAdder raw = new LongAdder();
  private final LongAdder fourXx = new LongAdder();
  private final LongAdder pages4xx = new LongAdder();
  private final LongAdder fiveXx = new LongAdder();
  private final AtomicInteger sent = new AtomicInteger();

  private long nextSlot;

  @Test
  void malformedRequestsAreRefusedCleanlyAndStoreNothing() throws Exception {
    assumeFalse(BASE_URL.isEmpty(), "-Dfuzz.baseUrl not given");
    Transport transport = new Transport(URI.create(BASE_URL));
    Generators generators = new Generators();
    List<FuzzRequest> requests = generators.generate(SEED, Math.max(REQUESTS, MIN_REQUESTS));
    System.out.printf(
        "FUZZ   seed %d: %d requests from %d generators, %d/s on %d threads, against %s%n",
        SEED, requests.size(), generators.generatorCount(), RATE, THREADS, BASE_URL);

    Rows before = rows(transport);
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(MAX_SECONDS);
    nextSlot = start;
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    for (FuzzRequest request : requests) {
      pool.execute(() -> run(transport, request, deadline));
    }
    pool.shutdown();
    boolean finished = pool.awaitTermination(MAX_SECONDS + 30L, TimeUnit.SECONDS);
    pool.shutdownNow();
    double seconds = (System.nanoTime() - start) / 1e9;
    Rows after = rows(transport);

    // Figures.
    System.out.printf(
        "FUZZ   %d of %d requests sent in %.1f s (%.1f/s), %d over raw TLS sockets%n",
        sent.get(), requests.size(), seconds, sent.get() / seconds, raw.sum());
    System.out.println("FUZZ   per endpoint: " + figures(perEndpoint, Generators.ENDPOINTS));
    System.out.println("FUZZ   per kind: " + figures(perKind, null));
    System.out.println("FUZZ   statuses: " + figures(statuses, null));
    System.out.printf(
        "FUZZ   429 answers (retried after %d ms): %d%n", PAUSE_429_MS, answers429.sum());
    System.out.printf(
        "FUZZ   503 answers (sent once more after %d ms): %d%n", PAUSE_503_MS, answers503.sum());
    System.out.printf(
        "FUZZ   products: stats count %d -> %d, newest id %s -> %s%s%n",
        before.count(),
        after.count(),
        before.newestId(),
        after.newestId(),
        OTHER_WRITERS ? " (other writers running: not judged here)" : "");
    System.out.printf(
        "FUZZ   failures: %d %s%n",
        failures.size(), failureCounts.isEmpty() ? "" : figures(failureCounts, null));
    synchronized (failures) {
      failures.stream().limit(SHOWN_FAILURES).forEach(f -> System.out.println("FUZZ     " + f));
    }

    System.out.printf(
        "FUZZ figures: seed %d, %d requests (%d raw) in %.0f s (%.1f/s); statuses %s; 5xx %d;"
            + " 429 retried %d; 503 retried %d; failures %d; products %d -> %d%n",
        SEED,
        sent.get(),
        raw.sum(),
        seconds,
        sent.get() / seconds,
        figures(statuses, null).replace(" ", "=").replace(",=", " "),
        fiveXx.sum(),
        answers429.sum(),
        answers503.sum(),
        failures.size(),
        before.count(),
        after.count());

    // Results, one line each.
    long stored = after.count() - before.count();
    boolean newer = !after.newestId().equals(before.newestId());
    boolean rowsOk = OTHER_WRITERS || (stored == 0 && !newer);
    int missingEndpoints =
        (int) Generators.ENDPOINTS.stream().filter(e -> !perEndpoint.containsKey(e)).count();
    boolean allSent = finished && sent.get() == requests.size();
    result(
        allSent && sent.get() >= MIN_REQUESTS && missingEndpoints == 0,
        String.format(
            "%d malformed requests sent to %d endpoints in %.0f s (seed %d, limit %d s)",
            sent.get(), perEndpoint.size(), seconds, SEED, MAX_SECONDS));
    result(fiveXx.sum() == 0, String.format("no answer 5xx (%d of %d)", fiveXx.sum(), sent.get()));
    long badErrors = failureCounts.getOrDefault("not-problem-json", new LongAdder()).sum();
    result(
        badErrors == 0,
        String.format(
            "every 4xx is problem+json with its status, or the page on page paths (%d 4xx, %d pages,"
                + " %d not)",
            fourXx.sum(), pages4xx.sum(), badErrors));
    long accepted =
        failureCounts.getOrDefault("write-accepted", new LongAdder()).sum()
            + failureCounts.getOrDefault("private-reached", new LongAdder()).sum();
    result(
        accepted == 0,
        String.format("no malformed write accepted, no private path reached (%d)", accepted));
    result(
        rowsOk,
        String.format(
            "no product stored (stats count %d -> %d, newest id %s -> %s%s)",
            before.count(),
            after.count(),
            before.newestId(),
            after.newestId(),
            OTHER_WRITERS ? ", other writers: counted in PostgreSQL instead" : ""));

    assertThat(failures).as("failures (first %d above)", SHOWN_FAILURES).isEmpty();
    assertThat(allSent).as("every request sent within %d s", MAX_SECONDS).isTrue();
    assertThat(missingEndpoints).as("endpoints without a request").isZero();
    assertThat(rowsOk).as("no product stored").isTrue();
  }

  private static void result(boolean ok, String text) {
    System.out.println("FUZZ " + (ok ? "PASS  " : "FAIL  ") + text);
  }

  private void run(Transport transport, FuzzRequest request, long deadline) {
    if (System.nanoTime() > deadline) {
      return; // Reported: fewer requests sent than generated.
    }
    count(perEndpoint, request.endpoint());
    count(perKind, request.kind());
    if (request.raw() != null) {
      raw.increment();
    }
    sent.incrementAndGet();
    try {
      Answer answer;
      int retried429 = 0;
      boolean retried503 = false;
      while (true) {
        pace();
        answer = transport.send(request);
        if (answer.status() == 429 && retried429 < RETRIES_429) {
          answers429.increment();
          retried429++;
          Thread.sleep(PAUSE_429_MS);
        } else if (answer.status() == 503 && !retried503) {
          answers503.increment();
          retried503 = true;
          Thread.sleep(PAUSE_503_MS);
        } else {
          break;
        }
      }
      count(statuses, answer.label());
      judge(request, answer);
    } catch (IOException e) {
      count(statuses, "transport-error");
      fail(request, "transport-error", e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for this request's slot: one every 1/RATE s over all threads. */
  private void pace() throws InterruptedException {
    long slot;
    synchronized (this) {
      long now = System.nanoTime();
      slot = Math.max(nextSlot, now);
      nextSlot = slot + TimeUnit.SECONDS.toNanos(1) / RATE;
    }
    long wait = slot - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  private void judge(FuzzRequest request, Answer answer) {
    int status = answer.status();
    if (status >= 500) {
      fiveXx.increment();
      fail(request, "5xx", describe(answer));
      return;
    }
    if (status == 429) {
      fail(request, "still-429", "429 after " + RETRIES_429 + " retries");
      return;
    }
    if (status >= 400) {
      fourXx.increment();
      String problem = problemError(answer);
      if (problem == null) {
        if (status == 401 && answer.wwwAuthenticate().isEmpty()) {
          fail(request, "not-problem-json", "401 without WWW-Authenticate");
        }
        return;
      }
      if (isPagePath(request) && isThePage(answer)) {
        pages4xx.increment();
        return;
      }
      fail(request, "not-problem-json", problem + "; " + describe(answer));
      return;
    }
    if (status >= 200 && request.isWrite()) {
      fail(request, "write-accepted", describe(answer));
    } else if (status >= 200 && status < 300 && "path-trick-private".equals(request.kind())) {
      fail(request, "private-reached", describe(answer));
    }
  }

  /** Why the answer is not a problem document matching its status; {@code null} when it is. */
  private static String problemError(Answer answer) {
    String type = answer.contentType().toLowerCase(Locale.ROOT);
    if (!type.startsWith("application/problem+json")) {
      return "Content-Type '" + answer.contentType() + "'";
    }
    String text = answer.bodyText();
    if (text.contains("\tat ") || text.contains("Exception")) {
      return "a stack trace or exception name in the body";
    }
    try {
      JsonNode problem = JSON.readTree(text);
      if (problem == null || !problem.isObject()) {
        return "body is not a JSON object";
      }
      if (problem.path("status").asInt(-1) != answer.status()) {
        return "body status " + problem.path("status") + " differs";
      }
      if (problem.path("title").asText("").isBlank()) {
        return "no title";
      }
      return null;
    } catch (IOException e) {
      return "body is not JSON";
    }
  }

  private static boolean isPagePath(FuzzRequest request) {
    return request.raw() == null
        ? ("/".equals(request.path()) && "GET".equals(request.method()))
            || ("/generate".equals(request.path()) && "POST".equals(request.method()))
        : "page".equals(request.endpoint()) || "page-generate".equals(request.endpoint());
  }

  private static boolean isThePage(Answer answer) {
    return answer.contentType().toLowerCase(Locale.ROOT).startsWith("text/html")
        && answer.bodyText().contains(PAGE_MARKER);
  }

  private static String describe(Answer answer) {
    String body = answer.bodyText().replaceAll("\\s+", " ");
    return answer.label()
        + " "
        + (answer.contentType().isEmpty() ? "(no Content-Type)" : answer.contentType())
        + " via "
        + answer.via()
        + ": "
        + (body.length() > 200 ? body.substring(0, 200) + "..." : body);
  }

  private void fail(FuzzRequest request, String what, String details) {
    count(failureCounts, what);
    failures.add(
        "["
            + what
            + "] "
            + request.endpoint()
            + "/"
            + request.kind()
            + ": "
            + details
            + "  <-  "
            + request.describe());
  }

  private static void count(Map<String, LongAdder> counts, String key) {
    counts.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  private static String figures(Map<String, LongAdder> counts, List<String> order) {
    Map<String, Long> sorted = new TreeMap<>();
    counts.forEach((k, v) -> sorted.put(k, v.sum()));
    List<String> keys = order == null ? new ArrayList<>(sorted.keySet()) : order;
    return keys.stream()
        .map(k -> k + " " + sorted.getOrDefault(k, 0L))
        .collect(Collectors.joining(", "));
  }

  private record Rows(long count, String newestId) {}

  /** The product count and the newest product's id, through the public API. */
  private static Rows rows(Transport transport) throws IOException, InterruptedException {
    HttpResponse<String> stats = transport.get("/api/products/stats");
    HttpResponse<String> newest = transport.get("/api/products?page=0&size=1");
    assertThat(stats.statusCode()).as("GET /api/products/stats: %s", stats.body()).isEqualTo(200);
    assertThat(newest.statusCode()).as("GET /api/products: %s", newest.body()).isEqualTo(200);
    JsonNode items = JSON.readTree(newest.body()).path("items");
    String id = items.isEmpty() ? "none" : items.get(0).path("id").asText();
    return new Rows(JSON.readTree(stats.body()).path("count").asLong(), id);
  }
}
