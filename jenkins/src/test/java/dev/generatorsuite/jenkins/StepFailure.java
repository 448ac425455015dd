package dev.generatorsuite.jenkins;

/** A step that failed in a simulated build, as a script exiting non-zero does in Jenkins. */
public final class StepFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StepFailure(String message) {
    super(message);
  }
}
