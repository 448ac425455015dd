package dev.generatorsuite.combiner.persistence;

import dev.generatorsuite.combiner.domain.JobRunStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One run of a scheduled job, a row of {@code job_run} (see {@code V2__create_job_run.sql}). Rows
 * are inserted by a claim and changed only by {@link JobRunRepository}'s native statements, which
 * let the database's clock stamp every time.
 */
@Entity
@Table(name = "job_run")
public class JobRunEntity {

  @Id
  @Column(name = "id", insertable = false, updatable = false)
  public Long id;

  @Column(name = "job_name", insertable = false, updatable = false)
  public String jobName;

  @Column(name = "scheduled_at", insertable = false, updatable = false)
  public Instant scheduledAt;

  @Column(name = "manual", insertable = false, updatable = false)
  public boolean manual;

  @Column(name = "owner", insertable = false, updatable = false)
  public String owner;

  @Enumerated(EnumType.STRING)
  @Column(name = "status", insertable = false, updatable = false)
  public JobRunStatus status;

  @Column(name = "started_at", insertable = false, updatable = false)
  public Instant startedAt;

  @Column(name = "lease_until", insertable = false, updatable = false)
  public Instant leaseUntil;

  @Column(name = "finished_at", insertable = false, updatable = false)
  public Instant finishedAt;

  @Column(name = "products_made", insertable = false, updatable = false)
  public int productsMade;

  @Column(name = "error", insertable = false, updatable = false)
  public String error;
}
