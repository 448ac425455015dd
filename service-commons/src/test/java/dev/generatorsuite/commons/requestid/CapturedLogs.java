package dev.generatorsuite.commons.requestid;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;

/** Keeps every log record of the application while open, with its MDC request id. */
public final class CapturedLogs extends Handler implements AutoCloseable {

  /** One captured record. */
  public record Line(String logger, Level level, String message, String requestId) {}

  private final List<Line> lines = new CopyOnWriteArrayList<>();
  private final PatternFormatter message = new PatternFormatter("%s");

  private CapturedLogs() {}

  public static CapturedLogs start() {
    CapturedLogs logs = new CapturedLogs();
    Logger.getLogger("").addHandler(logs);
    return logs;
  }

  /** The first line that matches, waiting a little: access lines are logged after the answer. */
  public Optional<Line> await(Predicate<Line> matching) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    do {
      Optional<Line> found = lines.stream().filter(matching).findFirst();
      if (found.isPresent()) {
        return found;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    } while (System.nanoTime() < deadline);
    return Optional.empty();
  }

  public List<Line> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void publish(LogRecord record) {
    if (record instanceof ExtLogRecord ext) {
      lines.add(
          new Line(
              ext.getLoggerName(),
              ext.getLevel(),
              message.format(ext),
              ext.getMdc(RequestIds.MDC_KEY)));
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(this);
  }
}
