package dev.generatorsuite.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import groovy.lang.GroovyShell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Jenkinsfile, run against stub steps for main, other branches and failing steps. */
class JenkinsfileTest {
  static final List<String> STAGES =
      List.of(
          "Checkout",
          "Version",
          "Build & test",
          "Static checks",
          "Images",
          "Stack test",
          "Push",
          "Deploy",
          "Smoke test");
  static final List<String> SHIPPING_STAGES = List.of("Push", "Deploy", "Smoke test");

  static final String VERSION = "scripts/pipeline/version.sh";
  static final String BUILD = "scripts/pipeline/build.sh";
  static final String STATIC_CHECKS = "scripts/pipeline/static-checks.sh";
  static final String IMAGES = "scripts/pipeline/images.sh";
  static final String STACK_TEST = "scripts/pipeline/stack-test.sh";
  static final String PUSH = "scripts/pipeline/push.sh";
  static final String DEPLOY = "scripts/pipeline/deploy.sh";
  static final String SMOKE = "scripts/pipeline/smoke.sh";
  static final String ROLLBACK = "scripts/pipeline/rollback.sh";

  static String source;
  static Pipeline pipeline;

  @BeforeAll
  static void parse() {
    source = Repository.read("Jenkinsfile");
    pipeline = Pipeline.parse(source);
  }

  @Test
  void parsesAsGroovy() {
    assertThatCode(() -> new GroovyShell().parse(source, "Jenkinsfile")).doesNotThrowAnyException();
  }

  @Test
  void hasTheStagesInOrder() {
    assertThat(pipeline.leafStageNames()).containsExactlyElementsOf(STAGES);
  }

  @Test
  void mainRunsEveryStageAndDeploysOnce() {
    PipelineRun run = pipeline.run("main");

    assertThat(run.result()).isEqualTo("SUCCESS");
    assertThat(run.stagesRun()).containsSubsequence(STAGES);
    assertThat(run.shScripts())
        .containsExactly(VERSION, BUILD, STATIC_CHECKS, IMAGES, STACK_TEST, PUSH, DEPLOY, SMOKE);
    assertThat(stepNames(run)).contains("checkout", "junit", "recordCoverage").endsWith("cleanWs");
  }

  @ParameterizedTest
  @ValueSource(strings = {"feature/faster-page", "develop", "PR-12", "mainline", "main-fix"})
  void otherBranchesAndPullRequestsStopAfterTheTests(String branch) {
    PipelineRun run = pipeline.run(branch);

    assertThat(run.result()).isEqualTo("SUCCESS");
    assertThat(run.stagesRun()).containsExactlyElementsOf(STAGES.subList(0, 6));
    for (String stage : SHIPPING_STAGES) {
      assertThat(run.stage(stage)).as(stage).isEqualTo(PipelineRun.StageStatus.SKIPPED_BY_WHEN);
    }
    assertThat(run.shScripts())
        .containsExactly(VERSION, BUILD, STATIC_CHECKS, IMAGES, STACK_TEST)
        .doesNotContain(PUSH, DEPLOY, SMOKE, ROLLBACK);
  }

  @Test
  void aFailingSmokeTestRollsBackToThePreviousTags() {
    PipelineRun run = pipeline.run("main", SMOKE::equals);

    assertThat(run.result()).isEqualTo("FAILURE");
    assertThat(run.stage("Smoke test")).isEqualTo(PipelineRun.StageStatus.FAILURE);
    assertThat(run.shScripts()).endsWith(DEPLOY, SMOKE, ROLLBACK);
    assertThat(stepNames(run)).endsWith("cleanWs");
  }

  @Test
  void aFailingDeployRollsBackToo() {
    PipelineRun run = pipeline.run("main", DEPLOY::equals);

    assertThat(run.result()).isEqualTo("FAILURE");
    assertThat(run.stage("Smoke test")).isEqualTo(PipelineRun.StageStatus.SKIPPED_AFTER_FAILURE);
    assertThat(run.shScripts()).endsWith(PUSH, DEPLOY, ROLLBACK);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "scripts/pipeline/build.sh",
        "scripts/pipeline/static-checks.sh",
        "scripts/pipeline/images.sh",
        "scripts/pipeline/stack-test.sh",
        "scripts/pipeline/push.sh"
      })
  void aFailureBeforeTheDeployNeitherDeploysNorRollsBack(String failing) {
    PipelineRun run = pipeline.run("main", failing::equals);

    assertThat(run.result()).isEqualTo("FAILURE");
    assertThat(run.shScripts()).endsWith(failing).doesNotContain(DEPLOY, SMOKE, ROLLBACK);
    assertThat(stepNames(run)).endsWith("cleanWs");
  }

  @Test
  void testReportsArePublishedEvenWhenTheTestsFail() {
    PipelineRun run = pipeline.run("feature/x", BUILD::equals);

    List<PipelineRun.Step> reports =
        run.steps().stream().filter(s -> s.stage().equals("Build & test")).toList();
    PipelineRun.Step junit = step(reports, "junit");
    assertThat(String.valueOf(junit.named().get("testResults")).split(","))
        .containsExactlyInAnyOrder(
            "**/target/surefire-reports/*.xml", "**/target/failsafe-reports/*.xml");
    assertThat(String.valueOf(step(reports, "recordCoverage").named().get("tools")))
        .contains("JACOCO", "**/target/site/jacoco/jacoco.xml");
  }

  @Test
  void deploysHoldTheSwarmLockAndBuildsNeverOverlap() {
    List<String> locks = new ArrayList<>();
    for (DslCall stage : pipeline.stagePath("Deploy")) {
      stage
          .child("options")
          .ifPresent(o -> o.children("lock").forEach(l -> locks.add(lockName(l))));
    }
    assertThat(locks).contains("swarm-deploy");
    assertThat(pipeline.stagePath("Smoke test").get(0))
        .isSameAs(pipeline.stagePath("Deploy").get(0));
    assertThat(names(pipeline.model().child("options").orElseThrow()))
        .contains("disableConcurrentBuilds");
  }

  @Test
  void hasTimeoutBuildDiscarderTimestampsAndCleansItsWorkspace() {
    DslCall options = pipeline.model().child("options").orElseThrow();
    assertThat(names(options)).contains("timeout", "buildDiscarder", "timestamps");
    DslCall discarder = options.child("buildDiscarder").orElseThrow();
    assertThat(discarder.args())
        .singleElement()
        .extracting(a -> ((DslCall) a).name())
        .isEqualTo("logRotator");
    assertThat(names(pipeline.model().child("post").orElseThrow())).contains("cleanup");
  }

  @Test
  void isTriggeredByAPushWebhookWithPollingAsTheFallback() {
    DslCall triggers = pipeline.model().child("triggers").orElseThrow();
    assertThat(names(triggers)).contains("githubPush", "pollSCM");
  }

  @Test
  void everyScriptItCallsExistsAndIsExecutable() throws Exception {
    Set<String> scripts = new LinkedHashSet<>(scriptsInSource());
    scripts.addAll(pipeline.run("main").shScripts());
    scripts.addAll(pipeline.run("main", SMOKE::equals).shScripts());
    scripts.addAll(pipeline.run("PR-3").shScripts());
    assertThat(scripts).contains(ROLLBACK).hasSizeGreaterThanOrEqualTo(9);

    for (String script : scripts) {
      String command = script.trim().split("\\s+")[0];
      assertThat(command)
          .as("sh '%s' calls a script kept in the repository", script)
          .startsWith("scripts/");
      Path file = Repository.file(command);
      assertThat(file).as(command).isRegularFile().isExecutable();
      String text = Files.readString(file);
      assertThat(text).as(command).startsWith("#!/usr/bin/env bash").contains("set -euo pipefail");
    }
  }

  /** Every sh '...' of the Jenkinsfile's text, including the ones no simulated run reaches. */
  static List<String> scriptsInSource() {
    Matcher m = Pattern.compile("\\bsh\\s*\\(?\\s*(?:script:\\s*)?'([^']*)'").matcher(source);
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static String lockName(DslCall lock) {
    Map<String, Object> named = lock.named();
    return String.valueOf(named.getOrDefault("resource", lock.firstArg()));
  }

  private static PipelineRun.Step step(List<PipelineRun.Step> steps, String name) {
    return steps.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  private static List<String> stepNames(PipelineRun run) {
    return run.steps().stream().map(PipelineRun.Step::name).toList();
  }

  private static List<String> names(DslCall call) {
    return call.children().stream().map(DslCall::name).toList();
  }
}
