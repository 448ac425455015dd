package dev.generatorsuite.jenkins;

import groovy.lang.Closure;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.codehaus.groovy.runtime.typehandling.DefaultTypeTransformation;

/**
 * A declarative Jenkinsfile, recorded by running it against stub steps, and a small interpreter of
 * it: {@link #run} simulates one build of a branch the way Jenkins' declarative pipeline runs it
 * (stages in order, {@code when} conditions, a failing step failing the build and skipping the
 * stages after it, stage and pipeline {@code post} conditions in Jenkins' order).
 */
public final class Pipeline {
  /** Closures that hold steps: kept unrun while recording, run by the simulation. */
  static final Set<String> STEP_BLOCKS =
      Set.of(
          "steps",
          "always",
          "changed",
          "fixed",
          "regression",
          "aborted",
          "failure",
          "success",
          "unstable",
          "unsuccessful",
          "cleanup",
          "expression");

  /** The order in which Jenkins runs the conditions of a post section, whatever their order. */
  static final List<String> POST_ORDER =
      List.of(
          "always",
          "changed",
          "fixed",
          "regression",
          "aborted",
          "failure",
          "success",
          "unstable",
          "unsuccessful",
          "cleanup");

  private final DslCall pipeline;

  private Pipeline(DslCall pipeline) {
    this.pipeline = pipeline;
  }

  /** Parses and records a Jenkinsfile; fails unless it holds exactly one pipeline block. */
  public static Pipeline parse(String source) {
    DslCall root = DslScript.run(source, "Jenkinsfile", STEP_BLOCKS);
    List<DslCall> pipelines = root.children("pipeline");
    if (pipelines.size() != 1 || root.children().size() != 1) {
      throw new IllegalArgumentException("expected one pipeline { } block, got " + root.children());
    }
    return new Pipeline(pipelines.get(0));
  }

  /** The recorded pipeline block. */
  public DslCall model() {
    return pipeline;
  }

  /** The names of the stages that have steps, in order, nested ones in place of their parent. */
  public List<String> leafStageNames() {
    List<String> names = new ArrayList<>();
    collectLeaves(section(pipeline, "stages"), names);
    return names;
  }

  private static void collectLeaves(DslCall stages, List<String> names) {
    for (DslCall stage : stages.children("stage")) {
      stage
          .child("stages")
          .ifPresentOrElse(
              nested -> collectLeaves(nested, names), () -> names.add(stage.firstArg()));
    }
  }

  /** The stage of that name, at any depth. */
  public DslCall stage(String name) {
    return section(pipeline, "stages").descendants().stream()
        .filter(c -> c.name().equals("stage") && name.equals(c.firstArg()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no stage '" + name + "'"));
  }

  /** The stages from the top down to the one of that name (itself included). */
  public List<DslCall> stagePath(String name) {
    List<DslCall> path = new ArrayList<>();
    if (!findPath(section(pipeline, "stages"), name, path)) {
      throw new IllegalArgumentException("no stage '" + name + "'");
    }
    return path;
  }

  private static boolean findPath(DslCall stages, String name, List<DslCall> path) {
    for (DslCall stage : stages.children("stage")) {
      path.add(stage);
      if (name.equals(stage.firstArg())) {
        return true;
      }
      if (stage.child("stages").isPresent() && findPath(stage.child("stages").get(), name, path)) {
        return true;
      }
      path.remove(path.size() - 1);
    }
    return false;
  }

  private static DslCall section(DslCall parent, String name) {
    return parent
        .child(name)
        .orElseThrow(() -> new IllegalArgumentException(parent.name() + " has no " + name));
  }

  /** Simulates a build of {@code branch} in which every step succeeds. */
  public PipelineRun run(String branch) {
    return run(branch, script -> false);
  }

  /** Simulates a build of {@code branch} in which the sh steps matching failingScript fail. */
  public PipelineRun run(String branch, Predicate<String> failingScript) {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("BRANCH_NAME", branch);
    env.put("BUILD_NUMBER", "42");
    if (branch.startsWith("PR-")) {
      env.put("CHANGE_ID", branch.substring(3));
      env.put("CHANGE_TARGET", "main");
    }
    Simulation simulation = new Simulation(new PipelineRun(branch), env, failingScript);
    simulation.runStages(section(pipeline, "stages"));
    simulation.runPost(pipeline.child("post").orElse(null), "<post>", !simulation.run.failed());
    return simulation.run;
  }

  /** One simulated build. */
  private static final class Simulation {
    private final PipelineRun run;
    private final Map<String, Object> env;
    private final Predicate<String> failingScript;

    Simulation(PipelineRun run, Map<String, Object> env, Predicate<String> failingScript) {
      this.run = run;
      this.env = env;
      this.failingScript = failingScript;
    }

    void runStages(DslCall stages) {
      for (DslCall stage : stages.children("stage")) {
        runStage(stage);
      }
    }

    private void runStage(DslCall stage) {
      String name = stage.firstArg();
      if (run.failed()) {
        markAll(stage, PipelineRun.StageStatus.SKIPPED_AFTER_FAILURE);
        return;
      }
      if (stage.child("when").isPresent() && !allTrue(stage.child("when").get(), name)) {
        markAll(stage, PipelineRun.StageStatus.SKIPPED_BY_WHEN);
        return;
      }
      boolean ok = true;
      if (stage.child("steps").isPresent()) {
        ok = runSteps(body(stage.child("steps").get()), name);
      } else if (stage.child("stages").isPresent()) {
        run.stage(name, PipelineRun.StageStatus.SUCCESS);
        runStages(stage.child("stages").get());
        ok = !run.failed();
      } else {
        throw new IllegalArgumentException("stage '" + name + "' has neither steps nor stages");
      }
      run.stage(name, ok ? PipelineRun.StageStatus.SUCCESS : PipelineRun.StageStatus.FAILURE);
      runPost(stage.child("post").orElse(null), name, ok);
    }

    private void markAll(DslCall stage, PipelineRun.StageStatus status) {
      run.stage(stage.firstArg(), status);
      stage
          .child("stages")
          .ifPresent(nested -> nested.children("stage").forEach(s -> markAll(s, status)));
    }

    /** Runs steps; a failing step fails the build. Returns whether they all passed. */
    private boolean runSteps(Closure<?> steps, String stage) {
      try {
        new StepRecorder(run, stage, env, failingScript).runClosure(steps);
        return true;
      } catch (StepFailure failure) {
        run.fail();
        return false;
      }
    }

    void runPost(DslCall post, String stage, boolean succeeded) {
      if (post == null) {
        return;
      }
      for (DslCall condition : post.children()) {
        if (!POST_ORDER.contains(condition.name())) {
          throw new IllegalArgumentException("unknown post condition " + condition.name());
        }
      }
      for (String name : POST_ORDER) {
        for (DslCall condition : post.children(name)) {
          if (applies(name, succeeded)) {
            runSteps(body(condition), stage);
          }
        }
      }
    }

    /** Whether a post condition runs; changes against an earlier build are not simulated. */
    private static boolean applies(String condition, boolean succeeded) {
      return switch (condition) {
        case "always", "cleanup" -> true;
        case "success" -> succeeded;
        case "failure", "unsuccessful" -> !succeeded;
        default -> false;
      };
    }

    private boolean allTrue(DslCall conditions, String stage) {
      return conditions.children().stream()
          .filter(c -> !c.name().startsWith("before"))
          .allMatch(c -> holds(c, stage));
    }

    private boolean holds(DslCall condition, String stage) {
      return switch (condition.name()) {
        case "branch" -> globMatches(pattern(condition), (String) env.get("BRANCH_NAME"));
        case "not" -> !allTrue(condition, stage);
        case "allOf" -> allTrue(condition, stage);
        case "anyOf" -> condition.children().stream().anyMatch(c -> holds(c, stage));
        case "changeRequest" -> env.containsKey("CHANGE_ID");
        case "buildingTag" -> env.containsKey("TAG_NAME");
        case "environment" ->
            String.valueOf(condition.named().get("value"))
                .equals(String.valueOf(env.get(String.valueOf(condition.named().get("name")))));
        case "expression" ->
            DefaultTypeTransformation.castToBoolean(
                new StepRecorder(run, stage, env, failingScript).runClosure(body(condition)));
        default ->
            throw new IllegalArgumentException("unsupported when condition " + condition.name());
      };
    }

    private static String pattern(DslCall condition) {
      Object pattern = condition.named().getOrDefault("pattern", condition.firstArg());
      return String.valueOf(pattern);
    }

    private static boolean globMatches(String glob, String value) {
      return FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(Path.of(value));
    }

    private static Closure<?> body(DslCall call) {
      return call.body()
          .orElseThrow(() -> new IllegalArgumentException(call.name() + " has no closure"));
    }
  }
}
