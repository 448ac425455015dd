package dev.generatorsuite.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The controller as code: plugins.txt has what the Jenkinsfile uses, casc.yaml defines the job. */
class JenkinsSetupTest {
  /** The plugin that provides each step, option, trigger and section the Jenkinsfile may use. */
  static final Map<String, String> PLUGIN_OF =
      Map.ofEntries(
          Map.entry("pipeline", "workflow-aggregator"),
          Map.entry("agent", "workflow-aggregator"),
          Map.entry("options", "workflow-aggregator"),
          Map.entry("triggers", "workflow-aggregator"),
          Map.entry("environment", "workflow-aggregator"),
          Map.entry("stages", "workflow-aggregator"),
          Map.entry("stage", "workflow-aggregator"),
          Map.entry("when", "workflow-aggregator"),
          Map.entry("branch", "workflow-aggregator"),
          Map.entry("steps", "workflow-aggregator"),
          Map.entry("post", "workflow-aggregator"),
          Map.entry("script", "workflow-aggregator"),
          Map.entry("sh", "workflow-aggregator"),
          Map.entry("timeout", "workflow-aggregator"),
          Map.entry("disableConcurrentBuilds", "workflow-aggregator"),
          Map.entry("buildDiscarder", "workflow-aggregator"),
          Map.entry("logRotator", "workflow-aggregator"),
          Map.entry("skipDefaultCheckout", "workflow-aggregator"),
          Map.entry("pollSCM", "workflow-aggregator"),
          Map.entry("checkout", "git"),
          Map.entry("githubPush", "github"),
          Map.entry("timestamps", "timestamper"),
          Map.entry("lock", "lockable-resources"),
          Map.entry("junit", "junit"),
          Map.entry("recordCoverage", "coverage"),
          Map.entry("withCredentials", "credentials-binding"),
          Map.entry("usernamePassword", "credentials-binding"),
          Map.entry("cleanWs", "ws-cleanup"));

  static final Set<String> POST_CONDITIONS = Set.copyOf(Pipeline.POST_ORDER);

  @Test
  void pluginsTxtHasEveryPluginTheJenkinsfileNeeds() {
    Set<String> plugins = plugins();
    Pipeline pipeline = Pipeline.parse(Repository.read("Jenkinsfile"));
    Set<String> used = new LinkedHashSet<>();
    pipeline.model().descendants().forEach(c -> used.add(c.name()));
    Stream.of(
            pipeline.run("main"),
            pipeline.run("main", JenkinsfileTest.SMOKE::equals),
            pipeline.run("PR-1"))
        .flatMap(run -> run.steps().stream())
        .forEach(step -> used.add(step.name()));
    used.removeAll(POST_CONDITIONS);

    for (String name : used) {
      assertThat(PLUGIN_OF).as("the plugin of '%s' (add it to PLUGIN_OF)", name).containsKey(name);
      assertThat(plugins).as("plugins.txt provides '%s'", name).contains(PLUGIN_OF.get(name));
    }
    assertThat(plugins).contains("configuration-as-code", "job-dsl");
  }

  @Test
  void cascDefinesTheMultibranchJobOnTheJenkinsfile() {
    DslCall jobs = DslScript.run(jobDslScript(), "jobs", Set.of());

    DslCall job = jobs.child("multibranchPipelineJob").orElseThrow();
    assertThat(job.firstArg()).isEqualTo("generator-suite");
    DslCall git = job.child("branchSources").orElseThrow().child("git").orElseThrow();
    assertThat(git.child("remote").orElseThrow().firstArg()).isEqualTo("${GIT_REPO_URL}");
    assertThat(credentialIds()).contains(git.child("credentialsId").orElseThrow().firstArg());
    DslCall factory =
        job.child("factory").orElseThrow().child("workflowBranchProjectFactory").orElseThrow();
    assertThat(factory.child("scriptPath").orElseThrow().firstArg()).isEqualTo("Jenkinsfile");
  }

  @Test
  void cascHasTheCredentialsAndTheLockTheJenkinsfileUses() {
    String jenkinsfile = Repository.read("Jenkinsfile");
    assertThat(credentialIds()).containsAll(quoted(jenkinsfile, "credentialsId:\\s*'([^']+)'"));
    assertThat(quoted(Repository.read("jenkins/casc.yaml"), "- name: (\\S+)"))
        .containsAll(quoted(jenkinsfile, "lock\\(\\s*(?:resource:\\s*)?'([^']+)'"));
  }

  @Test
  void cascHoldsNoSecret() {
    String casc = Repository.read("jenkins/casc.yaml");
    List<String> secrets = quoted(casc, "(?m)^\\s*(?:password|secret|token|privateKey):\\s*(.*)$");
    assertThat(secrets).isNotEmpty().allMatch(v -> v.matches("\"\\$\\{[A-Z_]+(:-)?}\""), "${VAR}");
  }

  static Set<String> plugins() {
    Set<String> plugins = new LinkedHashSet<>();
    for (String line : Repository.read("jenkins/plugins.txt").split("\n")) {
      String entry = line.replaceAll("#.*", "").trim();
      if (!entry.isEmpty()) {
        plugins.add(entry.split(":")[0]);
      }
    }
    return plugins;
  }

  static List<String> credentialIds() {
    return quoted(Repository.read("jenkins/casc.yaml"), "(?m)^\\s+id: (\\S+)$");
  }

  /** The Job DSL script of casc.yaml: the block under "- script: |", without its indentation. */
  static String jobDslScript() {
    List<String> lines = List.of(Repository.read("jenkins/casc.yaml").split("\n"));
    int start = lines.indexOf("  - script: |");
    assertThat(start).as("casc.yaml has a jobs script").isNotNegative();
    StringBuilder script = new StringBuilder();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (!line.isBlank() && !line.startsWith("      ")) {
        break;
      }
      script.append(line.length() > 6 ? line.substring(6) : "").append('\n');
    }
    return script.toString();
  }

  private static List<String> quoted(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group(1).trim());
    }
    return found;
  }
}
