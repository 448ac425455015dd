package dev.generatorsuite.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Sends requests to the product: with {@link HttpClient} where it can, over a raw TLS socket where
 * HttpClient refuses (broken request lines, oversized or injected headers, bad percent-encoding,
 * path tricks it would not send as they are). The stack's certificate is self-signed: trusted
 * without checks, for this test only.
 */
final class Transport {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final int MAX_ANSWER = 1 << 20;

  private final URI base;
  private final SSLContext tls;
  private final HttpClient client;

  Transport(URI base) {
    this.base = base;
    this.tls = trustingEverything();
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(tls)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Sends one request; HttpClient's refusals fall back to the raw socket. */
  Answer send(FuzzRequest request) throws IOException, InterruptedException {
    if (request.raw() != null) {
      return sendRaw(request.raw());
    }
    HttpRequest built;
    try {
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(URI.create(base + request.target()))
              .timeout(TIMEOUT)
              .method(
                  request.method(),
                  request.body() == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(request.body()));
      for (Map.Entry<String, String> header : request.headers()) {
        builder.header(header.getKey(), header.getValue());
      }
      built = builder.build();
    } catch (IllegalArgumentException refused) {
      return sendRaw(rawOf(request));
    }
    HttpResponse<byte[]> response = client.send(built, HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(
        response.statusCode(),
        response.headers().firstValue("Content-Type").orElse(""),
        response.headers().firstValue("WWW-Authenticate").orElse(""),
        response.body(),
        "http-client");
  }

  /** A plain GET through HttpClient, for the figures before and after. */
  HttpResponse<String> get(String target) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + target)).timeout(TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The request as HTTP/1.1 bytes, with Host, Content-Length and Connection: close. */
  static byte[] rawOf(FuzzRequest request) {
    StringBuilder head =
        new StringBuilder(request.method())
            .append(' ')
            .append(request.target())
            .append(" HTTP/1.1\r\n");
    head.append("Host: localhost\r\n");
    for (Map.Entry<String, String> header : request.headers()) {
      head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    if (request.body() != null) {
      head.append("Content-Length: ").append(request.body().length).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    if (request.body() != null) {
      out.writeBytes(request.body());
    }
    return out.toByteArray();
  }

  private Answer sendRaw(byte[] bytes) throws IOException {
    int port = base.getPort() < 0 ? 443 : base.getPort();
    byte[] answer;
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(base.getHost(), port), 5_000);
      plain.setSoTimeout((int) TIMEOUT.toMillis());
      try (SSLSocket socket =
          (SSLSocket) tls.getSocketFactory().createSocket(plain, base.getHost(), port, true)) {
        socket.startHandshake();
        OutputStream out = socket.getOutputStream();
        try {
          out.write(bytes);
          out.flush();
        } catch (IOException closedEarly) {
          // nginx may answer and close before reading everything (oversized requests): read on.
        }
        answer = readAll(socket.getInputStream());
      }
    }
    return parse(answer);
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      int n;
      while (out.size() < MAX_ANSWER && (n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException reset) {
      // A reset after the answer was sent still leaves the answer to judge.
      if (out.size() == 0) {
        return new byte[0];
      }
    }
    return out.toByteArray();
  }

  static Answer parse(byte[] answer) {
    if (answer.length == 0) {
      return new Answer(Answer.CLOSED, "", "", answer, "raw");
    }
    String text = new String(answer, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.") || end < 0) {
      return new Answer(Answer.NO_STATUS_LINE, "", "", answer, "raw");
    }
    String[] lines = text.substring(0, end).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    int status = statusLine.length > 1 ? Integer.parseInt(statusLine[1].trim()) : 0;
    String contentType = "";
    String wwwAuthenticate = "";
    boolean chunked = false;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim();
      switch (name) {
        case "content-type" -> contentType = value;
        case "www-authenticate" -> wwwAuthenticate = value;
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        default -> {
          // Other headers are not judged.
        }
      }
    }
    byte[] body = java.util.Arrays.copyOfRange(answer, end + 4, answer.length);
    return new Answer(status, contentType, wwwAuthenticate, chunked ? dechunk(body) : body, "raw");
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String text = new String(chunked, StandardCharsets.ISO_8859_1);
    int at = 0;
    while (at < text.length()) {
      int lineEnd = text.indexOf("\r\n", at);
      if (lineEnd < 0) {
        break;
      }
      String sizeField = text.substring(at, lineEnd).split(";", 2)[0].trim();
      int size;
      try {
        size = Integer.parseInt(sizeField, 16);
      } catch (NumberFormatException e) {
        break;
      }
      if (size == 0) {
        break;
      }
      int start = lineEnd + 2;
      int stop = Math.min(start + size, chunked.length);
      out.write(chunked, start, stop - start);
      at = stop + 2;
    }
    return out.toByteArray();
  }

  private static SSLContext trustingEverything() {
    TrustManager trustAll =
        new X509ExtendedTrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType, Socket s) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType, Socket s) {}

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine e) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustAll}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("No TLS in this JVM", e);
    }
  }
}
