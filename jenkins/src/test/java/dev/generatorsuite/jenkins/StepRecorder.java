package dev.generatorsuite.jenkins;

import groovy.lang.Closure;
import groovy.lang.GroovyInterceptable;
import groovy.lang.GroovyObjectSupport;
import groovy.lang.MissingPropertyException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The delegate of a {@code steps}, {@code script} or post-condition closure in a simulated build:
 * it records each step, runs the closure of a block step ({@code script}, {@code withCredentials},
 * {@code lock}, ...), fails an {@code sh} step whose script the run was told to fail, and gives the
 * closure the build's {@code env}.
 */
final class StepRecorder extends GroovyObjectSupport implements GroovyInterceptable {
  private final PipelineRun run;
  private final String stage;
  private final Map<String, Object> env;
  private final Predicate<String> failingScript;

  StepRecorder(
      PipelineRun run, String stage, Map<String, Object> env, Predicate<String> failingScript) {
    this.run = run;
    this.stage = stage;
    this.env = env;
    this.failingScript = failingScript;
  }

  /** Runs a closure of steps with this recorder as its delegate; returns what it returns. */
  Object runClosure(Closure<?> closure) {
    Closure<?> copy = (Closure<?>) closure.clone();
    copy.setResolveStrategy(Closure.DELEGATE_FIRST);
    copy.setDelegate(this);
    return copy.call();
  }

  @Override
  public Object invokeMethod(String name, Object arguments) {
    Object[] given = arguments instanceof Object[] array ? array : new Object[] {arguments};
    List<Object> args = new ArrayList<>();
    Map<String, Object> named = new LinkedHashMap<>();
    Closure<?> body = null;
    for (int i = 0; i < given.length; i++) {
      Object arg = given[i];
      if (i == 0 && arg instanceof Map<?, ?> map) {
        map.forEach((key, value) -> named.put(String.valueOf(key), value));
      } else if (i == given.length - 1 && arg instanceof Closure<?> last) {
        body = last;
      } else {
        args.add(arg instanceof CharSequence text ? text.toString() : arg);
      }
    }
    PipelineRun.Step step = new PipelineRun.Step(stage, name, args, named);
    run.addStep(step);
    if (name.equals("sh") && failingScript.test(step.script())) {
      throw new StepFailure("script returned exit code 1: " + step.script());
    }
    if (name.equals("error")) {
      throw new StepFailure(String.valueOf(step.args()));
    }
    return body == null ? null : runClosure(body);
  }

  @Override
  public Object getProperty(String name) {
    return switch (name) {
      case "env" -> env;
      case "scm" -> "scm";
      case "params" -> Map.of();
      default -> throw new MissingPropertyException(name, StepRecorder.class);
    };
  }
}
