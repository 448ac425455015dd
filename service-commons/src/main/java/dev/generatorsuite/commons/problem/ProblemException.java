package dev.generatorsuite.commons.problem;

/**
 * An error that the caller should see as a problem document. Plain Java, so that domain code can
 * throw it without depending on HTTP classes.
 */
public class ProblemException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String slug;
  private final String title;

  public ProblemException(int status, String slug, String title, String detail) {
    this(status, slug, title, detail, null);
  }

  public ProblemException(int status, String slug, String title, String detail, Throwable cause) {
    super(detail, cause);
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  /** A 400 answer: the request itself is wrong and must not be retried unchanged. */
  public static ProblemException badRequest(String slug, String detail) {
    return new ProblemException(400, slug, "Bad request", detail);
  }

  public int status() {
    return status;
  }

  public Problem toProblem() {
    return Problem.of(status, slug, title, getMessage());
  }
}
