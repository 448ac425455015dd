package dev.generatorsuite.frontend.api;

import dev.generatorsuite.frontend.domain.JobDefinition;
import dev.generatorsuite.frontend.domain.JobRun;
import dev.generatorsuite.frontend.domain.JobSummary;
import dev.generatorsuite.frontend.domain.JobsOverview;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The page's "Scheduled jobs" section ({@code templates/PageResource/jobs.html}), already
 * formatted: per job its schedule, state, last and next run, success rate, a small SVG chart of the
 * recent runs (oldest on the left) and the error of the last failure.
 *
 * @param unavailable why the runs are missing, {@code null} when they are not
 */
public record JobsView(List<JobRow> rows, String unavailable) {

  static final int BAR_WIDTH = 8;
  static final int BAR_STEP = 10;
  static final int CHART_HEIGHT = 24;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** One job. */
  public record JobRow(
      String name,
      String schedule,
      int productsPerRun,
      String state,
      String stateClass,
      boolean paused,
      boolean known,
      String lastRunText,
      String lastRunStatus,
      String lastRunClass,
      String nextRunText,
      String successText,
      List<Bar> bars,
      int chartWidth,
      String chartSummary,
      String lastErrorText,
      String lastErrorTime) {}

  /** One run in the chart, in SVG user units. */
  public record Bar(int x, String cssClass, String title) {}

  public boolean empty() {
    return rows.isEmpty();
  }

  public int chartHeight() {
    return CHART_HEIGHT;
  }

  static JobsView of(JobsOverview overview) {
    return new JobsView(
        overview.jobs().stream().map(JobsView::row).toList(),
        overview.unavailable() == null
            ? null
            : "Job runs are not available: " + overview.unavailable());
  }

  private static JobRow row(JobsOverview.JobStatus status) {
    JobDefinition job = status.definition();
    JobSummary summary = status.summary();
    String state =
        !job.enabled()
            ? "disabled"
            : summary == null ? "unknown" : status.paused() ? "paused" : "active";
    JobRun last = summary == null ? null : summary.lastRun();
    List<JobRun> recent = summary == null ? List.of() : new ArrayList<>(summary.recent());
    java.util.Collections.reverse(recent); // oldest first, left to right
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < recent.size(); i++) {
      JobRun run = recent.get(i);
      bars.add(
          new Bar(
              i * BAR_STEP,
              statusClass(run.status()),
              time(run.scheduledAt())
                  + ": "
                  + run.status()
                  + ", "
                  + run.productsMade()
                  + " products"
                  + (run.error() == null ? "" : " (" + run.error() + ")")));
    }
    JobRun failure = summary == null ? null : summary.lastFailure();
    return new JobRow(
        job.name(),
        job.scheduleText(),
        job.productsPerRun(),
        state,
        "job-state-" + state,
        status.paused(),
        summary != null,
        last == null ? (summary == null ? "unknown" : "never") : time(last.scheduledAt()),
        last == null ? null : last.status(),
        last == null ? null : statusClass(last.status()),
        status.nextRun() == null ? "–" : time(status.nextRun()),
        successText(summary),
        List.copyOf(bars),
        Math.max(BAR_STEP, recent.size() * BAR_STEP),
        chartSummary(job.name(), summary),
        failure == null ? null : failure.error(),
        failure == null ? null : time(failure.scheduledAt()));
  }

  private static String successText(JobSummary summary) {
    if (summary == null || summary.successRate() == null) {
      return "–";
    }
    long succeeded = summary.countOf(JobRun.SUCCEEDED);
    long finished = succeeded + summary.countOf(JobRun.FAILED);
    return String.format(
        Locale.ROOT, "%.0f %% (%d of %d)", summary.successRate() * 100, succeeded, finished);
  }

  private static String chartSummary(String job, JobSummary summary) {
    if (summary == null || summary.recent().isEmpty()) {
      return "No runs of " + job + " yet.";
    }
    long ok = summary.recent().stream().filter(r -> JobRun.SUCCEEDED.equals(r.status())).count();
    long failed = summary.recent().stream().filter(r -> JobRun.FAILED.equals(r.status())).count();
    long running = summary.recent().size() - ok - failed;
    return "Last "
        + summary.recent().size()
        + " runs of "
        + job
        + ": "
        + ok
        + " succeeded, "
        + failed
        + " failed, "
        + running
        + " running.";
  }

  static String statusClass(String status) {
    return "run-" + (status == null ? "unknown" : status.toLowerCase(Locale.ROOT));
  }

  private static String time(Instant instant) {
    return instant == null ? "unknown time" : TIME.format(instant);
  }
}
