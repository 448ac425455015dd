package dev.generatorsuite.combiner.persistence;

import dev.generatorsuite.combiner.domain.JobRunStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Claims, finishes, sweeps and prunes runs of scheduled jobs. Every time is the database's {@code
 * now()}, so replicas whose clocks differ still agree on leases. Every method runs in its own
 * transaction.
 */
@ApplicationScoped
public class JobRunRepository implements PanacheRepository<JobRunEntity> {

  /**
   * Relies on the UNIQUE (job_name, scheduled_at) constraint: of any number of concurrent claims of
   * one tick, exactly one inserts; the others wait for it to commit and then insert nothing.
   */
  private static final String CLAIM =
      "INSERT INTO job_run (job_name, scheduled_at, manual, owner, lease_until)"
          + " VALUES (?1, ?2, ?3, ?4, now() + ?5 * interval '1 second')"
          + " ON CONFLICT (job_name, scheduled_at) DO NOTHING RETURNING id";

  private static final String FINISH =
      "UPDATE job_run SET status = ?2, products_made = ?3, error = ?4, finished_at = now()"
          + " WHERE id = ?1 AND owner = ?5 AND status = 'RUNNING' RETURNING id";

  /** A run whose owner did not report within its lease failed; it is never run again. */
  private static final String SWEEP =
      "UPDATE job_run SET status = 'FAILED', finished_at = now(), error = 'abandoned: '"
          + " || owner || ' did not report within '"
          + " || ceil(extract(epoch FROM lease_until - started_at))::bigint || ' s'"
          + " WHERE status = 'RUNNING' AND lease_until < now() RETURNING job_name";

  private static final String PRUNE =
      "DELETE FROM job_run WHERE status <> 'RUNNING'"
          + " AND finished_at < now() - ?1 * interval '1 second'";

  private static final String PAUSED = "SELECT paused FROM job_state WHERE job_name = ?1";

  private static final String SET_PAUSED =
      "INSERT INTO job_state (job_name, paused) VALUES (?1, ?2) ON CONFLICT (job_name)"
          + " DO UPDATE SET paused = EXCLUDED.paused, updated_at = now()";

  private static final String COUNTS =
      "SELECT job_name, count(*) FILTER (WHERE status = 'RUNNING'),"
          + " count(*) FILTER (WHERE status = 'SUCCEEDED'),"
          + " count(*) FILTER (WHERE status = 'FAILED') FROM job_run GROUP BY job_name";

  private static final String COLUMNS =
      "id, job_name, scheduled_at, manual, owner, status, started_at, lease_until, finished_at,"
          + " products_made, error";

  private static final String RECENT =
      "SELECT "
          + COLUMNS
          + " FROM (SELECT r.*, row_number() OVER (PARTITION BY job_name"
          + " ORDER BY scheduled_at DESC, id DESC) AS rn FROM job_run r) t WHERE rn <= ?1"
          + " ORDER BY job_name, scheduled_at DESC, id DESC";

  private static final String LAST_FAILURES =
      "SELECT DISTINCT ON (job_name) "
          + COLUMNS
          + " FROM job_run WHERE status = 'FAILED' ORDER BY job_name, scheduled_at DESC, id DESC";

  private static final Sort NEWEST_FIRST =
      Sort.by("scheduledAt", Sort.Direction.Descending).and("id", Sort.Direction.Descending);

  /**
   * Claims one tick of a job for {@code owner}. A scheduled claim of a paused job claims nothing; a
   * manual one runs anyway, because an operator asked for it.
   */
  @Transactional
  public ClaimResult claim(
      String job, Instant scheduledAt, boolean manual, String owner, int leaseSeconds) {
    if (!manual && paused(job)) {
      return new ClaimResult(null, false, true);
    }
    List<?> inserted =
        em().createNativeQuery(CLAIM, Long.class)
            .setParameter(1, job)
            .setParameter(2, utc(scheduledAt))
            .setParameter(3, manual)
            .setParameter(4, owner)
            .setParameter(5, leaseSeconds)
            .getResultList();
    if (inserted.isEmpty()) {
      JobRunEntity existing =
          find("jobName = ?1 and scheduledAt = ?2", job, scheduledAt).firstResult();
      return new ClaimResult(existing, false, false);
    }
    return new ClaimResult(findById(((Number) inserted.get(0)).longValue()), true, false);
  }

  /**
   * Records the result of a run that is still RUNNING and belongs to {@code owner}. Otherwise
   * changes nothing and returns the run as it is, for the caller to say why.
   */
  @Transactional
  public FinishResult finish(
      long id, String owner, JobRunStatus status, int productsMade, String error) {
    List<?> updated =
        em().createNativeQuery(FINISH, Long.class)
            .setParameter(1, id)
            .setParameter(2, status.name())
            .setParameter(3, productsMade)
            .setParameter(4, error)
            .setParameter(5, owner)
            .getResultList();
    return new FinishResult(findById(id), !updated.isEmpty());
  }

  /**
   * Marks every RUNNING run whose lease ran out as FAILED.
   *
   * @return the job of each run marked, once per run
   */
  @Transactional
  public List<String> sweepAbandoned() {
    List<?> jobs = em().createNativeQuery(SWEEP, String.class).getResultList();
    return jobs.stream().map(String::valueOf).toList();
  }

  /**
   * Deletes finished runs older than the retention; running ones are kept.
   *
   * @return how many runs were deleted
   */
  @Transactional
  public int prune(Duration retention) {
    return em().createNativeQuery(PRUNE).setParameter(1, retention.toSeconds()).executeUpdate();
  }

  @Transactional
  public Optional<JobRunEntity> byId(long id) {
    return findByIdOptional(id);
  }

  /** The newest runs, of one job or of every job ({@code job == null}). */
  @Transactional
  public List<JobRunEntity> newestFirst(String job, int limit) {
    var query = job == null ? findAll(NEWEST_FIRST) : find("jobName", NEWEST_FIRST, job);
    return query.page(0, limit).list();
  }

  /** Whether the job is paused; a job never paused or resumed is not. */
  @Transactional
  public boolean paused(String job) {
    List<?> rows =
        em().createNativeQuery(PAUSED, Boolean.class).setParameter(1, job).getResultList();
    return !rows.isEmpty() && Boolean.TRUE.equals(rows.get(0));
  }

  /** Pauses or resumes a job for every replica. */
  @Transactional
  public void setPaused(String job, boolean paused) {
    em().createNativeQuery(SET_PAUSED).setParameter(1, job).setParameter(2, paused).executeUpdate();
  }

  /**
   * A summary of every job that has runs or a state, by name.
   *
   * @param recent how many of the newest runs each summary lists
   */
  @Transactional
  @SuppressWarnings("unchecked")
  public List<JobSummary> summaries(int recent) {
    Map<String, Map<JobRunStatus, Long>> counts = new LinkedHashMap<>();
    for (Object row : em().createNativeQuery(COUNTS).getResultList()) {
      Object[] cells = (Object[]) row;
      Map<JobRunStatus, Long> byStatus = new EnumMap<>(JobRunStatus.class);
      byStatus.put(JobRunStatus.RUNNING, ((Number) cells[1]).longValue());
      byStatus.put(JobRunStatus.SUCCEEDED, ((Number) cells[2]).longValue());
      byStatus.put(JobRunStatus.FAILED, ((Number) cells[3]).longValue());
      counts.put((String) cells[0], byStatus);
    }
    Map<String, Boolean> paused = new LinkedHashMap<>();
    for (Object row :
        em().createNativeQuery("SELECT job_name, paused FROM job_state").getResultList()) {
      Object[] cells = (Object[]) row;
      paused.put((String) cells[0], (Boolean) cells[1]);
    }
    Map<String, List<JobRunEntity>> newest = new LinkedHashMap<>();
    List<JobRunEntity> rows =
        em().createNativeQuery(RECENT, JobRunEntity.class).setParameter(1, recent).getResultList();
    rows.forEach(run -> newest.computeIfAbsent(run.jobName, k -> new ArrayList<>()).add(run));
    Map<String, JobRunEntity> failures = new LinkedHashMap<>();
    List<JobRunEntity> failed =
        em().createNativeQuery(LAST_FAILURES, JobRunEntity.class).getResultList();
    failed.forEach(run -> failures.put(run.jobName, run));

    TreeSet<String> jobs = new TreeSet<>(counts.keySet());
    jobs.addAll(paused.keySet());
    List<JobSummary> summaries = new ArrayList<>();
    for (String job : jobs) {
      Map<JobRunStatus, Long> byStatus = new EnumMap<>(JobRunStatus.class);
      for (JobRunStatus status : JobRunStatus.values()) {
        byStatus.put(status, counts.getOrDefault(job, Map.of()).getOrDefault(status, 0L));
      }
      summaries.add(
          new JobSummary(
              job,
              paused.getOrDefault(job, false),
              byStatus,
              newest.getOrDefault(job, List.of()),
              failures.get(job)));
    }
    return summaries;
  }

  private EntityManager em() {
    return getEntityManager();
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
