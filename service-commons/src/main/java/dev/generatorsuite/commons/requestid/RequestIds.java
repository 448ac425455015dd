package dev.generatorsuite.commons.requestid;

import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logmanager.MDC;

/**
 * The id that follows one request through every service: nginx creates it, each service takes it
 * from the {@value #HEADER} header, logs it under the MDC key {@value #MDC_KEY} and sends it on.
 *
 * <p>Quarkus keeps the MDC in the request's Vert.x duplicated context, so {@link #current()} works
 * on the event loop, on worker threads and in Uni callbacks alike, for as long as the request runs.
 */
public final class RequestIds {

  /** The HTTP header that carries the id, in and out. */
  public static final String HEADER = "X-Request-Id";

  /** The MDC key of the id, and so the field under {@code mdc} in the JSON logs. */
  public static final String MDC_KEY = "requestId";

  /** The longest id taken from a caller. */
  public static final int MAX_LENGTH = 128;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private RequestIds() {}

  /** The id of the request being handled, or empty outside a request. */
  public static Optional<String> current() {
    return Optional.ofNullable(MDC.get(MDC_KEY));
  }

  /** 1 to {@value #MAX_LENGTH} characters out of {@code A-Z a-z 0-9 . _ -}. */
  public static boolean isValid(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  /** The caller's id when valid, otherwise a fresh one. */
  public static String acceptOrGenerate(String fromCaller) {
    return isValid(fromCaller) ? fromCaller : generate();
  }

  /**
   * A fresh id: 32 random hex digits, the shape of nginx's {@code $request_id}. Not for secrets;
   * {@link ThreadLocalRandom} keeps it cheap and free of contention.
   */
  public static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] id = new char[32];
    appendHex(random.nextLong(), id, 0);
    appendHex(random.nextLong(), id, 16);
    return new String(id);
  }

  private static void appendHex(long value, char[] into, int offset) {
    for (int i = 15; i >= 0; i--) {
      into[offset + i] = HEX[(int) (value & 0xF)];
      value >>>= 4;
    }
  }
}
