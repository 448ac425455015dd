package dev.generatorsuite.jenkins;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one simulated build did: the steps it ran, in order, and what became of each stage. */
public final class PipelineRun {
  /** What became of a stage. */
  public enum StageStatus {
    SUCCESS,
    FAILURE,
    SKIPPED_BY_WHEN,
    SKIPPED_AFTER_FAILURE
  }

  /** A step called in a stage (or in a post condition, whose name is then the stage). */
  public record Step(String stage, String name, List<Object> args, Map<String, Object> named) {
    /** The script of an {@code sh} step. */
    public String script() {
      Object script = args.isEmpty() ? named.get("script") : args.get(0);
      return String.valueOf(script);
    }
  }

  private final String branch;
  private final List<Step> steps = new ArrayList<>();
  private final Map<String, StageStatus> stages = new LinkedHashMap<>();
  private boolean failed;

  PipelineRun(String branch) {
    this.branch = branch;
  }

  public String branch() {
    return branch;
  }

  public List<Step> steps() {
    return List.copyOf(steps);
  }

  /** The scripts of the {@code sh} steps, in the order they ran. */
  public List<String> shScripts() {
    return steps.stream().filter(s -> s.name().equals("sh")).map(Step::script).toList();
  }

  /** Every stage and nested stage, in the order they were reached. */
  public Map<String, StageStatus> stages() {
    return Map.copyOf(stages);
  }

  public StageStatus stage(String name) {
    return stages.get(name);
  }

  /** The stages that ran their steps (whether they passed or not), in order. */
  public List<String> stagesRun() {
    return stages.entrySet().stream()
        .filter(e -> e.getValue() == StageStatus.SUCCESS || e.getValue() == StageStatus.FAILURE)
        .map(Map.Entry::getKey)
        .toList();
  }

  public String result() {
    return failed ? "FAILURE" : "SUCCESS";
  }

  void addStep(Step step) {
    steps.add(step);
  }

  void stage(String name, StageStatus status) {
    stages.put(name, status);
  }

  boolean failed() {
    return failed;
  }

  void fail() {
    failed = true;
  }
}
