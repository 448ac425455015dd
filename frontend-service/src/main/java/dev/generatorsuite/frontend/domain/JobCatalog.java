package dev.generatorsuite.frontend.domain;

import dev.generatorsuite.frontend.config.FrontendConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** The configured jobs ({@code frontend.jobs.*}), checked and sorted by name. */
@ApplicationScoped
public class JobCatalog {

  /** What the combiner accepts as a run's owner. */
  static final Pattern OWNER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

  private final List<JobDefinition> jobs;
  private final String owner;
  private final int leaseSeconds;

  @Inject
  public JobCatalog(FrontendConfig config) {
    this(
        definitions(config.jobs()),
        config.jobRunner().owner(),
        config.jobRunner().lease().toSeconds());
  }

  JobCatalog(List<JobDefinition> jobs, String owner, long leaseSeconds) {
    this.jobs = jobs.stream().sorted(Comparator.comparing(JobDefinition::name)).toList();
    if (owner == null || !OWNER.matcher(owner).matches()) {
      throw new IllegalArgumentException(
          "frontend.job-runner.owner must be 1 to 64 letters, digits, dots, dashes, colons or"
              + " underscores, got '"
              + owner
              + "'");
    }
    if (leaseSeconds < 10 || leaseSeconds > 3600) {
      throw new IllegalArgumentException(
          "frontend.job-runner.lease must be between 10s and 1h, got " + leaseSeconds + "s");
    }
    this.owner = owner;
    this.leaseSeconds = (int) leaseSeconds;
  }

  private static List<JobDefinition> definitions(Map<String, FrontendConfig.Job> configured) {
    return configured.entrySet().stream()
        .map(
            e ->
                new JobDefinition(
                    e.getKey(),
                    e.getValue().every().orElse(null),
                    e.getValue().cron().orElse(null),
                    e.getValue().productsPerRun(),
                    e.getValue().enabled()))
        .toList();
  }

  public List<JobDefinition> all() {
    return jobs;
  }

  public Optional<JobDefinition> find(String name) {
    return jobs.stream().filter(job -> job.name().equals(name)).findFirst();
  }

  /** This replica's name in claims. */
  public String owner() {
    return owner;
  }

  /** How long a run may take before the combiner marks it abandoned. */
  public int leaseSeconds() {
    return leaseSeconds;
  }
}
