package dev.generatorsuite.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Generates malformed requests for every public endpoint from a seeded {@link Random}, so a run is
 * repeated exactly by its seed. Every generator is used once, then generators are picked at random
 * (an endpoint first, then one of its generators) until the requested count is reached.
 *
 * <p>Rule for writes (POST /api/products, /api/generate, /generate, /ops/jobs/.../trigger): every
 * request is wrong in at least one way that must make it rejected, so any 2xx or 3xx answer to one
 * is a failure and no product may be stored. Where a body is otherwise valid, the one thing wrong
 * is the kind being tested (content type, Idempotency-Key, method, trailing garbage, ...).
 */
final class Generators {

  /** The product's own endpoints, in the order the figures list them. */
  static final List<String> ENDPOINTS =
      List.of(
          "int",
          "float",
          "products-create",
          "products-list",
          "product-by-id",
          "stats",
          "api-generate",
          "page-generate",
          "page",
          "ops",
          "paths");

  private static final String VALID_PRODUCT = "{\"intValue\":7,\"floatValue\":1.5}";
  private static final String JSON = "application/json";
  private static final String FORM = "application/x-www-form-urlencoded";

  private record Generator(String endpoint, String kind, Function<Random, FuzzRequest> make) {}

  private final List<Generator> generators = new ArrayList<>();
  private final Map<String, List<Generator>> byEndpoint = new LinkedHashMap<>();

  Generators() {
    queryEndpoint("int", "/api/int", List.of("min", "max"));
    queryEndpoint("float", "/api/float", List.of("min", "max", "scale"));
    floatSpecifics();
    productsCreate();
    queryEndpoint("products-list", "/api/products", List.of("page", "size"));
    productById();
    stats();
    apiGenerate();
    pageGenerate();
    page();
    ops();
    paths();
    for (Generator g : generators) {
      byEndpoint.computeIfAbsent(g.endpoint(), e -> new ArrayList<>()).add(g);
    }
  }

  /** {@code count} requests: each generator once, then random ones. */
  List<FuzzRequest> generate(long seed, int count) {
    Random random = new Random(seed);
    List<FuzzRequest> requests = new ArrayList<>();
    for (Generator g : generators) {
      requests.add(g.make().apply(random));
    }
    while (requests.size() < count) {
      List<Generator> of = byEndpoint.get(ENDPOINTS.get(random.nextInt(ENDPOINTS.size())));
      requests.add(of.get(random.nextInt(of.size())).make().apply(random));
    }
    return requests;
  }

  int generatorCount() {
    return generators.size();
  }

  // ---------------------------------------------------------------- value pools

  private static final List<String> WRONG_TYPES =
      List.of(
          "abc",
          "1.5",
          "true",
          "",
          " 1",
          "1 ",
          "0x10",
          "1e3",
          "[1]",
          "{}",
          "1_000",
          "null",
          "\u0661\u0662",
          "1,5",
          "--1",
          "+-1",
          "1..2",
          "one");
  private static final List<String> HUGE_NUMBERS =
      List.of(
          "2147483648",
          "-2147483649",
          "9223372036854775808",
          "1" + "0".repeat(30),
          "-" + "9".repeat(40),
          "9".repeat(1000),
          "1e309",
          "-1e309",
          "1e999999999",
          "4.9e-400",
          "123456789012345678901234567890.5");
  private static final List<String> NAN_INF =
      List.of("NaN", "nan", "Infinity", "-Infinity", "+Infinity", "inf", "-inf", "Inf", "1/0");
  private static final List<String> BAD_ENCODINGS =
      List.of("%zz", "%", "%4", "%c0%ae", "%ff%fe", "%00", "%u0031", "%%31", "%0d%0a", "%e2%82");

  private static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static String enc(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- builders

  private void add(String endpoint, String kind, Function<Random, FuzzRequest> make) {
    generators.add(new Generator(endpoint, kind, make));
  }

  private static FuzzRequest http(
      String endpoint,
      String kind,
      String method,
      String target,
      List<Map.Entry<String, String>> headers,
      String body) {
    return new FuzzRequest(
        endpoint,
        kind,
        method,
        target,
        headers,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        null);
  }

  private static FuzzRequest httpBytes(
      String endpoint,
      String kind,
      String method,
      String target,
      List<Map.Entry<String, String>> headers,
      byte[] body) {
    return new FuzzRequest(endpoint, kind, method, target, headers, body, null);
  }

  private static FuzzRequest raw(
      String endpoint, String kind, String method, String target, String bytes) {
    return new FuzzRequest(
        endpoint,
        kind,
        method,
        target,
        List.of(),
        null,
        bytes.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static FuzzRequest raw(
      String endpoint,
      String kind,
      String method,
      String target,
      List<Map.Entry<String, String>> headers,
      String body) {
    FuzzRequest plain = http(endpoint, kind, method, target, headers, body);
    return new FuzzRequest(
        endpoint, kind, method, target, headers, plain.body(), Transport.rawOf(plain));
  }

  private static List<Map.Entry<String, String>> headers(String... namesAndValues) {
    List<Map.Entry<String, String>> list = new ArrayList<>();
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      list.add(Map.entry(namesAndValues[i], namesAndValues[i + 1]));
    }
    return list;
  }

  private static final String HOST = "Host: localhost\r\n";
  private static final String CLOSE = "Connection: close\r\n";

  /**
   * Kinds every endpoint gets: a wrong method, oversized headers, broken request lines, header
   * injection, bad percent-encoding. {@code body} is a body that is wrong by itself for writes.
   */
  private void protocolKinds(
      String endpoint, String method, String path, List<String> wrongMethods, String body) {
    protocolKinds(endpoint, method, path, wrongMethods, body, "");
  }

  /**
   * As above; {@code poison} is a header line added to every raw request, for an endpoint that
   * would accept a request without a body (POST /api/generate): nginx tolerates some of these
   * tricks (two spaces in the request line, a bare LF) and passes the request on.
   */
  private void protocolKinds(
      String endpoint,
      String method,
      String path,
      List<String> wrongMethods,
      String body,
      String poison) {
    String host = HOST + poison;
    add(
        endpoint,
        "wrong-method",
        r ->
            http(
                endpoint,
                "wrong-method",
                pick(r, wrongMethods),
                path,
                headers("Content-Type", JSON),
                r.nextBoolean() ? VALID_PRODUCT : "{}"));
    add(
        endpoint,
        "oversized-header",
        r -> {
          String request =
              switch (r.nextInt(5)) {
                case 4 -> { // 20-30k of headers: under nginx's 32k, over Vert.x's default 20k
                  StringBuilder many =
                      new StringBuilder(method + " " + path + " HTTP/1.1\r\n" + host);
                  for (int i = 0; i < 100 + r.nextInt(50); i++) {
                    many.append("X-Large-")
                        .append(i)
                        .append(": ")
                        .append("e".repeat(190))
                        .append("\r\n");
                  }
                  yield many.append(CLOSE).append("\r\n").toString();
                }
                case 0 ->
                    method
                        + " "
                        + path
                        + " HTTP/1.1\r\n"
                        + host
                        + "X-Fuzz: "
                        + "a".repeat(8_200 + r.nextInt(8_000))
                        + "\r\n"
                        + CLOSE
                        + "\r\n";
                case 1 -> {
                  StringBuilder many =
                      new StringBuilder(method + " " + path + " HTTP/1.1\r\n" + host);
                  for (int i = 0; i < 200 + r.nextInt(200); i++) {
                    many.append("X-Fuzz-")
                        .append(i)
                        .append(": ")
                        .append("b".repeat(180))
                        .append("\r\n");
                  }
                  yield many.append(CLOSE).append("\r\n").toString();
                }
                case 2 ->
                    method
                        + " "
                        + path
                        + " HTTP/1.1\r\n"
                        + host
                        + "Cookie: session="
                        + "c".repeat(9_000 + r.nextInt(4_000))
                        + "\r\n"
                        + CLOSE
                        + "\r\n";
                default ->
                    method
                        + " "
                        + path
                        + "?q="
                        + "d".repeat(8_300 + r.nextInt(6_000))
                        + " HTTP/1.1\r\n"
                        + host
                        + CLOSE
                        + "\r\n";
              };
          return raw(endpoint, "oversized-header", method, path, request);
        });
    add(
        endpoint,
        "broken-request-line",
        r -> {
          String line =
              switch (r.nextInt(10)) {
                case 0 -> method.toLowerCase(java.util.Locale.ROOT) + " " + path + " HTTP/1.1";
                case 1 -> method + "  " + path + "  HTTP/1.1";
                case 2 -> method + " " + path + " HTTP/9.9";
                case 3 -> method + " " + path + " HTTP/2.0";
                case 4 -> method + "\t" + path + "\tHTTP/1.1";
                case 5 -> method + " " + path + " HTTP/1.1 extra";
                case 6 -> method + " " + path.substring(1) + " HTTP/1.1";
                case 7 -> method + " " + path + " FTP/1.1";
                case 8 -> "G\u00c9T " + path + " HTTP/1.1";
                default -> method + " " + path + "\u0000 HTTP/1.1";
              };
          return raw(
              endpoint, "broken-request-line", method, path, line + "\r\n" + host + CLOSE + "\r\n");
        });
    add(
        endpoint,
        "header-injection",
        r -> {
          String bad =
              switch (r.nextInt(7)) {
                case 0 -> "X-Fuzz: a\r\n\r\nGET /ops/jobs HTTP/1.1\r\n" + host;
                case 1 -> "X-Fuzz: a\u0000b\r\n";
                case 2 -> "X Fuzz: a\r\n";
                case 3 -> "X-Fuzz a\r\n";
                case 4 -> "X-Fuzz : a\r\n";
                case 5 -> "X-Fuzz: a\r\n folded: b\r\n";
                default -> "Content-Length: 5\r\nContent-Length: 6\r\n";
              };
          String tail = body == null ? "" : "Content-Type: text/plain\r\n";
          String content = body == null ? "" : body;
          String length =
              body == null || bad.contains("Content-Length")
                  ? ""
                  : "Content-Length: " + content.length() + "\r\n";
          return raw(
              endpoint,
              "header-injection",
              method,
              path,
              method
                  + " "
                  + path
                  + " HTTP/1.1\r\n"
                  + host
                  + bad
                  + tail
                  + length
                  + CLOSE
                  + "\r\n"
                  + content);
        });
    add(
        endpoint,
        "bad-encoding",
        r -> {
          String target =
              r.nextBoolean()
                  ? path + pick(r, BAD_ENCODINGS)
                  : path
                      + "?"
                      + pick(r, List.of("min", "page", "x", "token"))
                      + "="
                      + pick(r, BAD_ENCODINGS);
          String send = body == null ? "" : body;
          String request =
              method
                  + " "
                  + target
                  + " HTTP/1.1\r\n"
                  + host
                  + (body == null
                      ? ""
                      : "Content-Type: text/plain\r\nContent-Length: " + send.length() + "\r\n")
                  + CLOSE
                  + "\r\n"
                  + send;
          return raw(endpoint, "bad-encoding", method, target, request);
        });
  }

  // ---------------------------------------------------------------- GET endpoints with queries

  private void queryEndpoint(String endpoint, String path, List<String> params) {
    add(endpoint, "wrong-type", r -> get(endpoint, "wrong-type", path, params, r, WRONG_TYPES));
    add(endpoint, "huge-number", r -> get(endpoint, "huge-number", path, params, r, HUGE_NUMBERS));
    add(endpoint, "nan-inf", r -> get(endpoint, "nan-inf", path, params, r, NAN_INF));
    add(
        endpoint,
        "negative",
        r ->
            get(
                endpoint,
                "negative",
                path,
                params,
                r,
                List.of("-1", "-0", "-2147483648", "-1000000000000", "-1e308", "-0.0001")));
    add(
        endpoint,
        "range",
        r -> {
          String first = params.get(0);
          String second = params.get(1);
          String query =
              switch (r.nextInt(4)) {
                case 0 -> first + "=10&" + second + "=5";
                case 1 -> first + "=-2000000000&" + second + "=2000000000";
                case 2 -> first + "=&" + second + "=";
                default -> first + "=1&" + first + "=abc";
              };
          return http(endpoint, "range", "GET", path + "?" + query, List.of(), null);
        });
    add(
        endpoint,
        "unknown-field",
        r ->
            http(
                endpoint,
                "unknown-field",
                "GET",
                path
                    + "?"
                    + pick(r, List.of("foo", "product", "outcome", "id", "MIN", "min[]"))
                    + "="
                    + r.nextInt(1000)
                    + "&"
                    + params.get(0)
                    + "="
                    + enc(pick(r, WRONG_TYPES)),
                List.of(),
                null));
    add(
        endpoint,
        "huge-query",
        r ->
            http(
                endpoint,
                "huge-query",
                "GET",
                path + "?" + params.get(0) + "=" + "7".repeat(2_000 + r.nextInt(5_000)),
                List.of(),
                null));
    add(
        endpoint,
        "wrong-accept",
        r ->
            http(
                endpoint,
                "wrong-accept",
                "GET",
                path + "?" + params.get(0) + "=" + enc(pick(r, WRONG_TYPES)),
                headers(
                    "Accept",
                    pick(r, List.of("text/html", "application/xml", "image/png", "*/*;q=x"))),
                null));
    // POST /api/products is the create endpoint, not a wrong method.
    List<String> wrongMethods =
        path.equals("/api/products")
            ? List.of("PUT", "DELETE", "PATCH")
            : List.of("POST", "PUT", "DELETE", "PATCH");
    protocolKinds(endpoint, "GET", path, wrongMethods, "{\"min\":");
  }

  private static FuzzRequest get(
      String endpoint,
      String kind,
      String path,
      List<String> params,
      Random r,
      List<String> values) {
    StringBuilder query = new StringBuilder();
    for (String param : params) {
      if (query.length() == 0 || r.nextBoolean()) {
        query
            .append(query.length() == 0 ? "" : "&")
            .append(param)
            .append('=')
            .append(enc(pick(r, values)));
      }
    }
    return http(endpoint, kind, "GET", path + "?" + query, List.of(), null);
  }

  private void floatSpecifics() {
    add(
        "float",
        "scale",
        r ->
            http(
                "float",
                "scale",
                "GET",
                "/api/float?scale="
                    + enc(
                        pick(
                            r,
                            List.of(
                                "-1", "11", "1.5", "abc", "NaN", "99999999999", "", "1e1", "0x5"))),
                List.of(),
                null));
    add(
        "float",
        "range",
        r ->
            http(
                "float",
                "range",
                "GET",
                "/api/float?min="
                    + pick(r, List.of("1", "0.5", "1e12", "-1e13"))
                    + "&max="
                    + pick(r, List.of("1", "0.5", "-1", "1e13")),
                List.of(),
                null));
  }

  // ---------------------------------------------------------------- POST /api/products

  private static final List<String> BAD_PRODUCT_BODIES =
      List.of(
          "{\"intValue\":\"7\",\"floatValue\":1.5}",
          "{\"intValue\":7,\"floatValue\":\"1.5\"}",
          "{\"intValue\":7.5,\"floatValue\":1.5}",
          "{\"intValue\":7.0,\"floatValue\":1.5}",
          "{\"intValue\":true,\"floatValue\":1.5}",
          "{\"intValue\":7,\"floatValue\":false}",
          "{\"intValue\":[7],\"floatValue\":1.5}",
          "{\"intValue\":{},\"floatValue\":1.5}",
          "{\"intValue\":null,\"floatValue\":1.5}",
          "{\"intValue\":7,\"floatValue\":null}",
          "{\"intValue\":\"\",\"floatValue\":1.5}",
          "[7,1.5]",
          "\"7\"",
          "7",
          "true",
          "null");
  private static final List<String> MISSING_FIELDS =
      List.of(
          "{}",
          "{\"intValue\":7}",
          "{\"floatValue\":1.5}",
          "{\"intvalue\":7,\"floatvalue\":1.5}",
          "{\"int_value\":7,\"float_value\":1.5}");
  private static final List<String> UNKNOWN_FIELDS =
      List.of("product", "outcome", "id", "createdAt", "extra", "IntValue", "__proto__", "");
  private static final List<String> HUGE_PRODUCT_BODIES =
      List.of(
          "{\"intValue\":2147483648,\"floatValue\":1.5}",
          "{\"intValue\":-2147483649,\"floatValue\":1.5}",
          "{\"intValue\":1000001,\"floatValue\":1.5}",
          "{\"intValue\":-1000001,\"floatValue\":1.5}",
          "{\"intValue\":99999999999999999999999999,\"floatValue\":1.5}",
          "{\"intValue\":7,\"floatValue\":1e400}",
          "{\"intValue\":7,\"floatValue\":-1e400}",
          "{\"intValue\":7,\"floatValue\":1e308}",
          "{\"intValue\":7,\"floatValue\":-1000000.5}",
          "{\"intValue\":7,\"floatValue\":1000000.0001}",
          "{\"intValue\":7,\"floatValue\":1" + "0".repeat(2000) + "}",
          "{\"intValue\":1" + "0".repeat(5000) + ",\"floatValue\":1.5}",
          "{\"intValue\":7,\"floatValue\":0." + "0".repeat(3000) + "1e999999}");
  private static final List<String> NAN_INF_BODIES =
      List.of(
          "{\"intValue\":7,\"floatValue\":NaN}",
          "{\"intValue\":7,\"floatValue\":Infinity}",
          "{\"intValue\":7,\"floatValue\":-Infinity}",
          "{\"intValue\":7,\"floatValue\":\"NaN\"}",
          "{\"intValue\":7,\"floatValue\":\"Infinity\"}",
          "{\"intValue\":NaN,\"floatValue\":1.5}",
          "{\"intValue\":7,\"floatValue\":+1.5}",
          "{\"intValue\":7,\"floatValue\":.5}",
          "{\"intValue\":07,\"floatValue\":1.5}",
          "{\"intValue\":0x7,\"floatValue\":1.5}");
  private static final List<String> BROKEN_JSON =
      List.of(
          "",
          " ",
          "{",
          "}",
          "{\"intValue\":7,\"floatValue\":",
          "{\"intValue\":7,\"floatValue\":1.5",
          "{\"intValue\":7,\"floatValue\":1.5}}",
          "{\"intValue\":7,\"floatValue\":1.5} x",
          "{\"intValue\":7,\"floatValue\":1.5}{\"intValue\":8,\"floatValue\":2.5}",
          "{\"intValue\":7,\"floatValue\":1.5},",
          "{\"intValue\":7,\"floatValue\":1.5} // comment",
          "{'intValue':7,'floatValue':1.5}",
          "{intValue:7,floatValue:1.5}",
          "{\"intValue\":7,\"floatValue\":1.5,}",
          "{\"intValue\":7 \"floatValue\":1.5}",
          "{\"intValue\":7,\"intValue\":8,\"floatValue\":1.5}",
          "{/*c*/\"intValue\":7,\"floatValue\":1.5}",
          // No leading byte order mark: RFC 8259 lets a parser ignore it.
          "{\"intValue\":7,\"floatValue\":1.5}\u0000",
          "{\"intValue\u0000\":7,\"floatValue\":1.5}",
          "{\"intValue\":7,\"floatValue\":1.5,\"x\":\"\\uZZZZ\"}",
          "{\"intValue\":7,\"floatValue\":1.5,\"x\":\"\\ud800\"}",
          "<product intValue=\"7\" floatValue=\"1.5\"/>",
          "intValue=7&floatValue=1.5");

  private void productsCreate() {
    String e = "products-create";
    String path = "/api/products";
    add(e, "wrong-type", r -> post(e, "wrong-type", path, pick(r, BAD_PRODUCT_BODIES)));
    add(e, "missing-field", r -> post(e, "missing-field", path, pick(r, MISSING_FIELDS)));
    add(
        e,
        "unknown-field",
        r ->
            post(
                e,
                "unknown-field",
                path,
                "{\"intValue\":7,\"floatValue\":1.5,\""
                    + pick(r, UNKNOWN_FIELDS)
                    + "\":"
                    + pick(r, List.of("1", "\"HIT\"", "null", "{}", "[]"))
                    + "}"));
    add(e, "huge-number", r -> post(e, "huge-number", path, pick(r, HUGE_PRODUCT_BODIES)));
    add(e, "nan-inf", r -> post(e, "nan-inf", path, pick(r, NAN_INF_BODIES)));
    add(e, "broken-json", r -> post(e, "broken-json", path, pick(r, BROKEN_JSON)));
    add(
        e,
        "invalid-utf8",
        r -> {
          ByteArrayOutputStream body = new ByteArrayOutputStream();
          body.writeBytes(
              "{\"intValue\":7,\"floatValue\":1.5,\"x\":\"".getBytes(StandardCharsets.US_ASCII));
          body.writeBytes(new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xff, (byte) 0xfe});
          body.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
          return httpBytes(
              e, "invalid-utf8", "POST", path, headers("Content-Type", JSON), body.toByteArray());
        });
    add(
        e,
        "huge-json",
        r -> {
          String body =
              switch (r.nextInt(6)) {
                case 0 -> "[".repeat(3_000 + r.nextInt(5_000));
                case 1 -> "{\"a\":".repeat(1_500 + r.nextInt(1_000)) + "1" + "}".repeat(10);
                case 2 ->
                    "{\"intValue\":7,\"floatValue\":1.5,\"x\":\""
                        + "y".repeat(12_000 + r.nextInt(3_000))
                        + "\"}";
                case 3 ->
                    "{\"intValue\":7,\"floatValue\":1.5,\"x\":\""
                        + "z".repeat(17_000 + r.nextInt(40_000))
                        + "\"}";
                case 4 -> {
                  StringBuilder many = new StringBuilder("{\"intValue\":7,\"floatValue\":1.5");
                  for (int i = 0; i < 1_000; i++) {
                    many.append(",\"f").append(i).append("\":").append(i);
                  }
                  yield many.append('}').toString();
                }
                default -> " ".repeat(15_000) + "{";
              };
          return post(e, "huge-json", path, body);
        });
    add(
        e,
        "content-type",
        r ->
            http(
                e,
                "content-type",
                "POST",
                path,
                pick(
                    r,
                    List.of(
                        headers("Content-Type", "text/plain"),
                        headers("Content-Type", "application/xml"),
                        // No charset parameter: RFC 8259 defines none for application/json, so
                        // ignoring one is right, and a valid body with one is no bad input.
                        headers("Content-Type", FORM),
                        headers("Content-Type", "multipart/form-data; boundary=x"),
                        headers("Content-Type", "application/json-patch+json"),
                        headers("Content-Type", "application/jsonx"),
                        headers("Content-Type", "application"),
                        headers("Content-Type", ";;;"),
                        headers("Content-Type", "*/*"),
                        headers("Content-Type", "text/*"),
                        headers())),
                VALID_PRODUCT));
    add(
        e,
        "wrong-accept",
        r ->
            http(
                e,
                "wrong-accept",
                "POST",
                path,
                headers(
                    "Content-Type",
                    JSON,
                    "Accept",
                    pick(r, List.of("text/html", "application/xml", "image/*"))),
                VALID_PRODUCT));
    add(
        e,
        "idempotency-key",
        r -> {
          String key =
              pick(
                  r,
                  List.of(
                      "k".repeat(65), "", " ", "a b", "k\u00e9y", "key\u0001", "k".repeat(500)));
          List<Map.Entry<String, String>> h = headers("Content-Type", JSON, "Idempotency-Key", key);
          if (r.nextInt(3) == 0) {
            h =
                headers(
                    "Content-Type", JSON, "Idempotency-Key", "fuzz-a", "Idempotency-Key", "fuzz-b");
          }
          return raw(e, "idempotency-key", "POST", path, h, VALID_PRODUCT);
        });
    add(
        e,
        "framing",
        r -> {
          String request =
              switch (r.nextInt(5)) {
                case 0 ->
                    "POST "
                        + path
                        + " HTTP/1.1\r\n"
                        + HOST
                        + "Content-Type: application/json\r\n"
                        + "Transfer-Encoding: gzip\r\n"
                        + CLOSE
                        + "\r\n"
                        + VALID_PRODUCT;
                case 1 ->
                    "POST "
                        + path
                        + " HTTP/1.1\r\n"
                        + HOST
                        + "Content-Type: application/json\r\n"
                        + "Content-Length: 30\r\nTransfer-Encoding: chunked\r\n"
                        + CLOSE
                        + "\r\nzz\r\n{}\r\n0\r\n\r\n";
                case 2 ->
                    "POST "
                        + path
                        + " HTTP/1.1\r\n"
                        + HOST
                        + "Content-Type: application/json\r\n"
                        + "Content-Length: -1\r\n"
                        + CLOSE
                        + "\r\n"
                        + VALID_PRODUCT;
                case 3 ->
                    "POST "
                        + path
                        + " HTTP/1.1\r\n"
                        + HOST
                        + "Content-Type: application/json\r\n"
                        + "Content-Length: 99999999999999999999\r\n"
                        + CLOSE
                        + "\r\n"
                        + VALID_PRODUCT;
                default ->
                    "POST "
                        + path
                        + " HTTP/1.1\r\n"
                        + HOST
                        + "Content-Type: application/json\r\n"
                        + "Content-Length: 3\r\n"
                        + CLOSE
                        + "\r\n"
                        + VALID_PRODUCT;
              };
          return raw(e, "framing", "POST", path, request);
        });
    protocolKinds(e, "POST", path, List.of("PUT", "PATCH", "DELETE"), "{\"intValue\":");
  }

  private static FuzzRequest post(String endpoint, String kind, String path, String body) {
    return http(endpoint, kind, "POST", path, headers("Content-Type", JSON), body);
  }

  // ---------------------------------------------------------------- GET /api/products/{id}, stats

  private void productById() {
    String e = "product-by-id";
    List<String> ids =
        List.of(
            "abc",
            "-1",
            "0",
            "1.5",
            "1e3",
            "0x10",
            "1" + "0".repeat(30),
            "9223372036854775808",
            "-9223372036854775809",
            "%20",
            "%E2%82%AC",
            "NaN",
            "Infinity",
            "null",
            "undefined",
            "1;2",
            "1,2",
            "%2F",
            "7".repeat(3_000),
            "%00",
            "..",
            "%2e%2e",
            "stats%00");
    add(
        e,
        "wrong-type",
        r -> http(e, "wrong-type", "GET", "/api/products/" + pick(r, ids), List.of(), null));
    add(
        e,
        "wrong-accept",
        r ->
            http(
                e,
                "wrong-accept",
                "GET",
                "/api/products/" + pick(r, ids),
                headers("Accept", "text/html"),
                null));
    protocolKinds(
        e, "GET", "/api/products/1", List.of("PUT", "PATCH", "DELETE", "POST"), "{\"id\":");
  }

  private void stats() {
    String e = "stats";
    String path = "/api/products/stats";
    add(
        e,
        "unknown-field",
        r ->
            http(
                e,
                "unknown-field",
                "GET",
                path
                    + "?"
                    + pick(r, List.of("count=-1", "x=" + enc(pick(r, NAN_INF)), "outcome=HIT")),
                List.of(),
                null));
    add(
        e,
        "wrong-accept",
        r ->
            http(
                e,
                "wrong-accept",
                "GET",
                path,
                headers("Accept", pick(r, List.of("text/html", "application/xml", "text/csv"))),
                null));
    protocolKinds(e, "GET", path, List.of("POST", "PUT", "DELETE", "PATCH"), "{\"count\":");
  }

  // ---------------------------------------------------------------- POST /api/generate, /generate

  private void apiGenerate() {
    String e = "api-generate";
    String path = "/api/generate";
    add(
        e,
        "idempotency-key",
        r -> {
          String key =
              pick(
                  r,
                  List.of(
                      "k".repeat(65),
                      "",
                      " ",
                      "a b",
                      "k\u00e9y",
                      "key\u0001",
                      "k".repeat(2_000),
                      "\t"));
          if (r.nextInt(3) == 0) {
            return raw(
                e,
                "idempotency-key",
                "POST",
                path,
                headers("Idempotency-Key", "fuzz-a", "Idempotency-Key", "fuzz-b"),
                null);
          }
          return raw(e, "idempotency-key", "POST", path, headers("Idempotency-Key", key), null);
        });
    add(
        e,
        "unexpected-body",
        r ->
            http(
                e,
                "unexpected-body",
                "POST",
                path,
                headers(
                    "Content-Type", pick(r, List.of(JSON, "text/plain", FORM, "application/xml"))),
                pick(
                    r,
                    List.of(
                        VALID_PRODUCT,
                        "{}",
                        "{\"intValue\":\"x\"}",
                        "[",
                        "token=x",
                        "x".repeat(5_000)))));
    add(
        e,
        "huge-json",
        r ->
            http(
                e,
                "huge-json",
                "POST",
                path,
                headers("Content-Type", JSON),
                "[".repeat(17_000 + r.nextInt(30_000))));
    add(
        e,
        "wrong-accept",
        r ->
            http(
                e,
                "wrong-accept",
                "POST",
                path,
                headers("Accept", pick(r, List.of("text/html", "application/xml", "image/png"))),
                null));
    protocolKinds(
        e,
        "POST",
        path,
        List.of("GET", "PUT", "PATCH", "DELETE"),
        "{\"token\":",
        "Idempotency-Key: " + "p".repeat(65) + "\r\n");
  }

  private void pageGenerate() {
    String e = "page-generate";
    String path = "/generate";
    add(
        e,
        "bad-token",
        r -> {
          String form =
              pick(
                  r,
                  List.of(
                      "",
                      "token=",
                      "token=%20",
                      "token=" + "t".repeat(65),
                      "token=" + "t".repeat(3_000),
                      "token=a+b",
                      "token=k%C3%A9y",
                      "token=key%00",
                      "token=key%0A",
                      "token=%09",
                      "tok=abc",
                      "TOKEN=",
                      "token",
                      "&&&",
                      "token=%20&token=%20"));
          return http(e, "bad-token", "POST", path, headers("Content-Type", FORM), form);
        });
    add(
        e,
        "content-type",
        r ->
            http(
                e,
                "content-type",
                "POST",
                path,
                headers("Content-Type", pick(r, List.of(JSON, "text/plain", "application/xml"))),
                pick(
                    r,
                    List.of(
                        "{\"token\":\"\"}",
                        "{\"token\":" + "9".repeat(400) + "}",
                        "token=",
                        "<token/>"))));
    add(
        e,
        "huge-json",
        r ->
            http(
                e,
                "huge-json",
                "POST",
                path,
                headers("Content-Type", FORM),
                "token=&x=" + "x".repeat(17_000 + r.nextInt(30_000))));
    add(
        e,
        "wrong-accept",
        r ->
            http(
                e,
                "wrong-accept",
                "POST",
                path,
                headers("Content-Type", FORM, "Accept", "application/xml"),
                "token="));
    protocolKinds(e, "POST", path, List.of("GET", "PUT", "PATCH", "DELETE"), "token=%zz&");
  }

  // ---------------------------------------------------------------- GET /

  private void page() {
    String e = "page";
    add(
        e,
        "wrong-type",
        r -> http(e, "wrong-type", "GET", "/?page=" + enc(pick(r, WRONG_TYPES)), List.of(), null));
    add(
        e,
        "huge-number",
        r ->
            http(e, "huge-number", "GET", "/?page=" + enc(pick(r, HUGE_NUMBERS)), List.of(), null));
    add(
        e,
        "negative",
        r ->
            http(
                e,
                "negative",
                "GET",
                "/?page=" + pick(r, List.of("-1", "-2147483648", "-0")),
                List.of(),
                null));
    add(
        e,
        "nan-inf",
        r ->
            http(
                e,
                "nan-inf",
                "GET",
                "/?page=" + pick(r, NAN_INF).replace("/", "%2F"),
                List.of(),
                null));
    add(
        e,
        "unknown-field",
        r ->
            http(
                e,
                "unknown-field",
                "GET",
                "/?"
                    + pick(
                        r,
                        List.of(
                            "product=",
                            "product=abc",
                            "product=-1",
                            "product=" + "9".repeat(40),
                            "product=%00",
                            "notice=" + "n".repeat(3_000),
                            "notice=%3Cscript%3E",
                            "x=1",
                            "product=1e3")),
                List.of(),
                null));
    add(
        e,
        "wrong-accept",
        r -> http(e, "wrong-accept", "GET", "/", headers("Accept", "application/json"), null));
    protocolKinds(e, "GET", "/", List.of("PUT", "DELETE", "PATCH"), "page=");
  }

  // ---------------------------------------------------------------- /ops

  private void ops() {
    String e = "ops";
    List<String> paths =
        List.of(
            "/ops/jobs",
            "/ops/int-service/q/metrics",
            "/ops/combiner-service/q/health",
            "/ops/frontend-service/version",
            "/ops/float-service/q/health/ready",
            "/ops/",
            "/ops/unknown",
            "/ops/postgres/q/metrics");
    List<String> posts =
        List.of(
            "/ops/jobs/stacktest/trigger", "/ops/jobs/stacktest/pause", "/ops/jobs/nightly/resume");
    Function<Random, List<Map.Entry<String, String>>> wrongCredentials =
        r ->
            switch (r.nextInt(9)) {
              case 0 -> headers();
              case 1 -> headers("Authorization", basic("ops", "wrong" + r.nextInt(1000)));
              case 2 -> headers("Authorization", basic("admin", "admin"));
              case 3 -> headers("Authorization", "Basic !!!notbase64!!!");
              case 4 -> headers("Authorization", "Bearer " + "t".repeat(40));
              case 5 -> headers("Authorization", "Basic ");
              case 6 -> headers("Authorization", basic("ops", ""));
              case 7 -> headers("Authorization", "Basic " + "A".repeat(6_000));
              default -> headers("Authorization", basic("ops\u00e9", "\u0000"));
            };
    add(
        e,
        "credentials",
        r -> http(e, "credentials", "GET", pick(r, paths), wrongCredentials.apply(r), null));
    add(
        e,
        "credentials-write",
        r -> http(e, "credentials-write", "POST", pick(r, posts), wrongCredentials.apply(r), null));
    add(
        e,
        "oversized-header",
        r ->
            raw(
                e,
                "oversized-header",
                "GET",
                "/ops/jobs",
                headers("Authorization", "Basic " + "B".repeat(9_000 + r.nextInt(5_000))),
                null));
    add(
        e,
        "path-trick-private",
        r ->
            raw(
                e,
                "path-trick-private",
                "GET",
                "",
                "GET "
                    + pick(
                        r,
                        List.of(
                            "/ops/jobs/../jobs",
                            "/ops/%6aobs",
                            "/ops//jobs",
                            "/OPS/jobs",
                            "/ops/jobs%00",
                            "/ops/int-service/q/metrics/../../../ops/jobs",
                            "/ops/jobs;x=1",
                            "/ops/jobs/stacktest/trigger/..",
                            "/ops/int-service/q/metrics%2f..%2f.."))
                    + " HTTP/1.1\r\n"
                    + HOST
                    + CLOSE
                    + "\r\n"));
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------- path tricks

  /**
   * Targets that must not reach a private path ({@code /q/...} of a service, {@code /ops/...}
   * without the login): any 2xx answer to one is a failure.
   */
  static final List<String> PRIVATE_TRICKS =
      List.of(
          "/q/metrics",
          "/q/health",
          "/q/openapi",
          "/api/../q/metrics",
          "/api/int/../../q/health",
          "/api/%2e%2e/q/metrics",
          "/api/int/..%2f..%2fq%2fmetrics",
          "/api/int/%2e%2e/%2e%2e/q/metrics",
          "/api/products/..%2f..%2fq/metrics",
          "/api/products/%2e%2e%2f%2e%2e%2fq%2fmetrics",
          "/%2e%2e/%2e%2e/etc/passwd",
          "/../../etc/passwd",
          "/api/int/..\\..\\q\\metrics",
          "/api/int%5c..%5c..%5cq%5cmetrics",
          "/api/../ops/jobs",
          "/api/int/../../ops/jobs",
          "/%2fq/metrics",
          "//q/metrics",
          "/q%2fmetrics",
          "/Q/metrics",
          "/api/int/..;/..;/q/metrics",
          "/api/products/1/..%252f..%252fq/metrics",
          "/api/int/..%252f..%252fq%252fmetrics",
          "/.problem/400",
          "/.problem/../q/metrics",
          "/.git/config",
          "/.env",
          "/api/int/%c0%ae%c0%ae/q/metrics",
          "/api/products/..;/job-runs",
          "/api/products/%2e%2e;/job-runs",
          "/api/products/..;x/job-runs",
          "/api/int/..;/..;/ops/jobs",
          "/x/..;/ops/jobs",
          "/generate/..;/ops/jobs",
          "/css/..;/q/metrics",
          "/api/job-runs",
          "/api/products/../job-runs");

  /** Path tricks whose normalised form is public: any answer but a 5xx is fine. */
  private static final List<String> PUBLIC_TRICKS =
      List.of(
          "//api//int",
          "/api/./int",
          "/api/int/",
          "/api/int;x=1",
          "/API/INT",
          "/api/int%2f",
          "/api/products/..;/stats",
          "/api/products/./stats",
          "/api/products//stats",
          "/api/products/stats/",
          "/api/products/stats/..",
          "/api/%69nt",
          "/api/int#frag",
          "/api",
          "/api/",
          "/api/unknown",
          "/api/intx",
          "/css/../",
          "/index.html",
          "/favicon.svg/..",
          "/generate/",
          "/%7e",
          "/*");

  private void paths() {
    String e = "paths";
    add(
        e,
        "path-trick-private",
        r -> {
          String target = pick(r, PRIVATE_TRICKS);
          return raw(
              e,
              "path-trick-private",
              "GET",
              target,
              "GET " + target + " HTTP/1.1\r\n" + HOST + CLOSE + "\r\n");
        });
    add(
        e,
        "path-trick",
        r -> {
          String target = pick(r, PUBLIC_TRICKS);
          return raw(
              e,
              "path-trick",
              "GET",
              target,
              "GET " + target + " HTTP/1.1\r\n" + HOST + CLOSE + "\r\n");
        });
    add(
        e,
        "absolute-form",
        r -> {
          String target =
              pick(
                  r,
                  List.of(
                      "https://evil.example/api/int",
                      "http://localhost/q/metrics",
                      "https://localhost:443/ops/jobs",
                      "*"));
          return raw(
              e,
              "absolute-form",
              "GET",
              target,
              "GET " + target + " HTTP/1.1\r\n" + HOST + CLOSE + "\r\n");
        });
    add(
        e,
        "host-header",
        r -> {
          String host =
              pick(
                  r,
                  List.of(
                      "",
                      "evil.example",
                      "localhost:99999",
                      "a b",
                      "localhost\u0000",
                      "x".repeat(300)));
          String target = pick(r, List.of("/api/int", "/ops/jobs", "/q/metrics"));
          return raw(
              e,
              "host-header",
              "GET",
              target,
              "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n" + CLOSE + "\r\n");
        });
    add(
        e,
        "missing-host",
        r ->
            raw(
                e,
                "missing-host",
                "GET",
                "/api/int",
                "GET /api/int HTTP/1.1\r\n" + CLOSE + "\r\n"));
    add(
        e,
        "http09",
        r ->
            raw(
                e,
                "http09",
                "GET",
                "/",
                "GET " + pick(r, List.of("/", "/api/int", "/q/metrics")) + "\r\n\r\n"));
    add(
        e,
        "garbage",
        r -> {
          byte[] junk = new byte[1 + r.nextInt(300)];
          r.nextBytes(junk);
          return new FuzzRequest(e, "garbage", "?", "", List.of(), null, junk);
        });
  }
}
