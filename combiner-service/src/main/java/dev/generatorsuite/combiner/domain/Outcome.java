package dev.generatorsuite.combiner.domain;

/** How strong a combination is, judged by the magnitude of its product (see {@link Thresholds}). */
public enum Outcome {
  /** {@code |product| < hitThreshold}. */
  MISS,
  /** {@code hitThreshold <= |product| < critThreshold}. */
  HIT,
  /** {@code |product| >= critThreshold}. */
  CRIT
}
