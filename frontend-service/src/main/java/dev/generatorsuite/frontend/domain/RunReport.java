package dev.generatorsuite.frontend.domain;

import java.time.Instant;

/**
 * What this replica did about one tick of a job.
 *
 * @param outcome whether it won the claim and ran it, lost it, found the job paused, or could not
 *     ask the combiner
 * @param run the run as recorded, when this replica ran it and the combiner took the result
 * @param detail why, in words, for the log and for operators
 */
public record RunReport(String job, Instant tick, Outcome outcome, JobRun run, String detail) {

  /** What became of a tick on this replica. */
  public enum Outcome {
    /** Won the claim and ran it; {@code run} holds the recorded result. */
    RAN,
    /** Another replica claimed it. */
    LOST,
    /** The job is paused. */
    PAUSED,
    /** The combiner could not be asked or did not take the result; nothing ran twice. */
    ERROR
  }
}
