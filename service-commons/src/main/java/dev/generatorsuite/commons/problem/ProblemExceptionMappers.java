package dev.generatorsuite.commons.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where every error of a service becomes {@code application/problem+json}. Services
 * throw {@link ProblemException} (or subclasses) for their own errors; framework errors are mapped
 * here too, so resources stay free of try/catch. A 5xx never carries a stack trace: the caller gets
 * a reference that is logged with the exception.
 */
public class ProblemExceptionMappers {

  private static final Logger LOG = Logger.getLogger(ProblemExceptionMappers.class);

  @ServerExceptionMapper
  public Response mapProblem(ProblemException e) {
    if (e.status() >= 500) {
      LOG.warnf("Answering %d: %s", e.status(), e.getMessage());
    }
    return respond(e.toProblem());
  }

  @ServerExceptionMapper
  public Response mapConstraintViolation(ConstraintViolationException e) {
    String detail =
        e.getConstraintViolations().stream()
            .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
            .map(ProblemExceptionMappers::describe)
            .collect(Collectors.joining("; "));
    return respond(Problem.of(400, "validation", "Bad request", detail));
  }

  @ServerExceptionMapper
  public Response mapUnknownProperty(UnrecognizedPropertyException e) {
    return respond(
        Problem.of(
            400, "unknown-field", "Bad request", "Unknown field '" + e.getPropertyName() + "'"));
  }

  @ServerExceptionMapper
  public Response mapInvalidFormat(InvalidFormatException e) {
    return respond(
        Problem.of(
            400,
            "invalid-json",
            "Bad request",
            "Field '" + fieldPath(e) + "' has a value of the wrong type"));
  }

  @ServerExceptionMapper
  public Response mapMismatchedInput(MismatchedInputException e) {
    String path = fieldPath(e);
    String detail =
        path.isEmpty()
            ? "The request body is not the expected JSON object"
            : "Field '" + path + "' has a value of the wrong type";
    return respond(Problem.of(400, "invalid-json", "Bad request", detail));
  }

  @ServerExceptionMapper
  public Response mapMalformedJson(JsonProcessingException e) {
    return respond(
        Problem.of(400, "invalid-json", "Bad request", "The request body is not valid JSON"));
  }

  @ServerExceptionMapper
  public Response mapWebApplication(WebApplicationException e) {
    Response.StatusType status = e.getResponse().getStatusInfo();
    if (status.getStatusCode() >= 500) {
      return unexpected(e);
    }
    String detail = e.getCause() == null ? e.getMessage() : status.getReasonPhrase();
    return respond(
        Problem.of(
            status.getStatusCode(),
            "http-" + status.getStatusCode(),
            status.getReasonPhrase(),
            detail));
  }

  @ServerExceptionMapper
  public Response mapUnexpected(Throwable e) {
    return unexpected(e);
  }

  private static Response unexpected(Throwable e) {
    String reference = UUID.randomUUID().toString();
    LOG.errorf(e, "Unexpected error, reference %s", reference);
    return respond(
        Problem.of(
            500,
            "internal",
            "Internal Server Error",
            "An unexpected error occurred (reference " + reference + ")"));
  }

  /** Builds the answer for a problem; public so that services can answer problems directly. */
  public static Response respond(Problem problem) {
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  private static String describe(ConstraintViolation<?> violation) {
    String path = violation.getPropertyPath().toString();
    // Method-parameter paths look like "method.arg0.field": keep only the part a caller knows.
    int dot = path.indexOf('.');
    int second = dot < 0 ? -1 : path.indexOf('.', dot + 1);
    String field = second < 0 ? path : path.substring(second + 1);
    return field + " " + violation.getMessage();
  }

  private static String fieldPath(MismatchedInputException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."));
  }
}
