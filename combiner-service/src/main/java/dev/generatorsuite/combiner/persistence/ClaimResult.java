package dev.generatorsuite.combiner.persistence;

/**
 * What a claim for one tick of a job found.
 *
 * @param run the run: the new one when {@code won}, else the one claimed earlier ({@code null} when
 *     the job is paused)
 * @param won {@code true} when this claim inserted the run, so its owner must run it
 * @param paused {@code true} when nothing was claimed because the job is paused
 */
public record ClaimResult(JobRunEntity run, boolean won, boolean paused) {}
