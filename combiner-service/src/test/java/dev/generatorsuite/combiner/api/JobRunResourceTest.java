package dev.generatorsuite.combiner.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.generatorsuite.combiner.persistence.JobHousekeeping;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Claims, results, history, housekeeping and pause of scheduled jobs, on a real PostgreSQL. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class JobRunResourceTest {

  private static final String PROBLEM = "application/problem+json";

  @Inject TestDatabase database;
  @Inject JobHousekeeping housekeeping;

  @TestHTTPResource("/api/job-runs/claims")
  URI claims;

  private Instant tick;

  @BeforeEach
  void emptyTables() {
    database.clear();
    tick = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  @Test
  void theFirstClaimOfATickWinsAndTheNextIsAConflict() {
    Response won = claim("nightly", tick, "frontend-1", 60, false, 201);

    long id = won.jsonPath().getLong("id");
    assertThat(won.header("Location")).isEqualTo("/api/job-runs/" + id);
    won.then()
        .body("job", equalTo("nightly"))
        .body("scheduledAt", equalTo(tick.toString()))
        .body("owner", equalTo("frontend-1"))
        .body("status", equalTo("RUNNING"))
        .body("manual", equalTo(false))
        .body("startedAt", notNullValue())
        .body("finishedAt", nullValue())
        .body("productsMade", equalTo(0));
    Instant started = Instant.parse(won.jsonPath().getString("startedAt"));
    Instant lease = Instant.parse(won.jsonPath().getString("leaseUntil"));
    assertThat(Duration.between(started, lease)).isEqualTo(Duration.ofSeconds(60));

    claim("nightly", tick, "frontend-2", 60, false, 409)
        .then()
        .contentType(PROBLEM)
        .body("type", containsString("already-claimed"))
        .body("detail", containsString("by frontend-1 (run " + id + ", RUNNING)"));
    // The winner retrying its claim (its answer was lost) gets the same run back.
    Response replayed = claim("nightly", tick, "frontend-1", 60, false, 200);
    assertThat(replayed.jsonPath().getLong("id")).isEqualTo(id);
    assertThat(replayed.header(ProductResource.IDEMPOTENT_REPLAYED)).isEqualTo("true");
    // Once it reported, the tick is done for everybody.
    succeed(id, "frontend-1", 1);
    claim("nightly", tick, "frontend-1", 60, false, 409);
    // Another tick, or another job at the same tick, is another run.
    claim("nightly", tick.plusSeconds(5), "frontend-2", 60, false, 201);
    claim("hourly", tick, "frontend-2", 60, false, 201);
    assertThat(database.countJobRuns()).isEqualTo(3);
  }

  @Test
  void ofTwentyConcurrentClaimsOfOneTickExactlyOneWins() throws Exception {
    int replicas = 20;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(replicas);
    try {
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < replicas; i++) {
        HttpRequest request =
            HttpRequest.newBuilder(claims)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body("race", tick, "replica-" + i, 60)))
                .build();
        Callable<HttpResponse<String>> call =
            () -> {
              start.await();
              return http.send(request, HttpResponse.BodyHandlers.ofString());
            };
        answers.add(pool.submit(call));
      }
      start.countDown();

      List<Integer> statuses = new ArrayList<>();
      for (Future<HttpResponse<String>> answer : answers) {
        HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
        statuses.add(response.statusCode());
        if (response.statusCode() == 409) {
          assertThat(response.body()).contains("already-claimed");
        }
      }
      assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
      assertThat(statuses).filteredOn(s -> s == 409).hasSize(replicas - 1);
      assertThat(database.countJobRuns()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theOwnerRecordsASuccessOnce() {
    long id = claimId("nightly", tick, "frontend-1", 60);

    result(id, "{\"owner\":\"frontend-1\",\"status\":\"SUCCEEDED\",\"productsMade\":5}", 200)
        .then()
        .body("status", equalTo("SUCCEEDED"))
        .body("productsMade", equalTo(5))
        .body("error", nullValue())
        .body("finishedAt", notNullValue());

    result(
            id,
            "{\"owner\":\"frontend-1\",\"status\":\"FAILED\",\"productsMade\":0,\"error\":\"x\"}",
            409)
        .then()
        .contentType(PROBLEM)
        .body("type", containsString("run-finished"))
        .body("detail", equalTo("Run " + id + " is already SUCCEEDED"));
    given()
        .get("/api/job-runs/" + id)
        .then()
        .statusCode(200)
        .body("status", equalTo("SUCCEEDED"))
        .body("productsMade", equalTo(5));
  }

  @Test
  void aFailureIsRecordedWithItsError() {
    long id = claimId("nightly", tick, "frontend-1", 60);

    result(
            id,
            "{\"owner\":\"frontend-1\",\"status\":\"FAILED\",\"productsMade\":2,"
                + "\"error\":\"int-service is unavailable: connection refused\"}",
            200)
        .then()
        .body("status", equalTo("FAILED"))
        .body("productsMade", equalTo(2))
        .body("error", equalTo("int-service is unavailable: connection refused"));
  }

  @Test
  void onlyTheOwnerRecordsAResultOfAnExistingRun() {
    long id = claimId("nightly", tick, "frontend-1", 60);

    result(id, "{\"owner\":\"frontend-2\",\"status\":\"SUCCEEDED\",\"productsMade\":1}", 409)
        .then()
        .body("type", containsString("not-owner"))
        .body("detail", equalTo("Run " + id + " belongs to frontend-1"));
    for (String missing : List.of("999999", "0", "-1", "abc")) {
      result(missing, "{\"owner\":\"frontend-1\",\"status\":\"SUCCEEDED\",\"productsMade\":1}", 404)
          .then()
          .contentType(PROBLEM)
          .body("type", containsString("not-found"));
      given().get("/api/job-runs/" + missing).then().statusCode(404).contentType(PROBLEM);
    }
    given().get("/api/job-runs/" + id).then().statusCode(200).body("status", equalTo("RUNNING"));
  }

  @Test
  void aRunNotReportedWithinItsLeaseFailsAndIsNeverRunAgain() {
    long id = claimId("nightly", tick, "frontend-1", 30);
    database.ageJobRun(id, 31);

    given()
        .get("/api/job-runs/" + id)
        .then()
        .statusCode(200)
        .body("status", equalTo("FAILED"))
        .body("error", equalTo("abandoned: frontend-1 did not report within 30 s"))
        .body("finishedAt", notNullValue());
    // The owner coming back late cannot change it, and nobody can claim the tick again.
    result(id, "{\"owner\":\"frontend-1\",\"status\":\"SUCCEEDED\",\"productsMade\":1}", 409)
        .then()
        .body("type", containsString("run-finished"))
        .body("detail", containsString("abandoned"));
    claim("nightly", tick, "frontend-2", 30, false, 409);
    assertThat(database.countJobRuns()).isEqualTo(1);
  }

  @Test
  void theHousekeepingSweepsOnlyRunsPastTheirLease() {
    long stale = claimId("nightly", tick, "frontend-1", 30);
    long fresh = claimId("nightly", tick.plusSeconds(5), "frontend-1", 30);
    database.ageJobRun(stale, 31);

    assertThat(housekeeping.sweep()).isEqualTo(1);
    assertThat(housekeeping.sweep()).isZero();
    given().get("/api/job-runs/" + stale).then().body("status", equalTo("FAILED"));
    given().get("/api/job-runs/" + fresh).then().body("status", equalTo("RUNNING"));
  }

  @Test
  void theRetentionDeletesOnlyOldFinishedRuns() {
    long old = claimId("nightly", tick.minusSeconds(30), "frontend-1", 60);
    succeed(old, "frontend-1", 1);
    long recent = claimId("nightly", tick.minusSeconds(20), "frontend-1", 60);
    succeed(recent, "frontend-1", 1);
    long running = claimId("nightly", tick.minusSeconds(10), "frontend-1", 3600);
    // Seven days and a minute ago (the test profile keeps the default retention of 7 days).
    database.ageJobRun(old, Duration.ofDays(7).plusMinutes(1).toSeconds());
    database.ageJobRun(running, Duration.ofDays(7).plusMinutes(1).toSeconds() - 3600 + 60);

    assertThat(housekeeping.prune()).isEqualTo(1);
    assertThat(housekeeping.prune()).isZero();
    given().get("/api/job-runs/" + old).then().statusCode(404);
    given().get("/api/job-runs/" + recent).then().statusCode(200);
    given().get("/api/job-runs/" + running).then().statusCode(200);
  }

  @Test
  void aPausedJobClaimsNothingUntilResumedButAnOperatorMayRunIt() {
    given().get("/api/job-states/nightly").then().statusCode(200).body("paused", equalTo(false));
    pause("nightly", true);
    given().get("/api/job-states/nightly").then().statusCode(200).body("paused", equalTo(true));

    claim("nightly", tick, "frontend-1", 60, false, 409)
        .then()
        .contentType(PROBLEM)
        .body("type", containsString("job-paused"));
    assertThat(database.countJobRuns()).isZero();
    claim("other", tick, "frontend-1", 60, false, 201);

    claim("nightly", tick.plusMillis(123), "frontend-1", 60, true, 201)
        .then()
        .body("manual", equalTo(true));

    pause("nightly", false);
    claim("nightly", tick, "frontend-1", 60, false, 201);
    assertThat(database.countJobRuns()).isEqualTo(3);
  }

  @Test
  void listsRunsNewestFirst() {
    for (int i = 0; i < 3; i++) {
      claimId("nightly", tick.plusSeconds(i), "frontend-1", 60);
    }
    claimId("hourly", tick.plusSeconds(10), "frontend-1", 60);

    given()
        .queryParam("job", "nightly")
        .get("/api/job-runs")
        .then()
        .statusCode(200)
        .body("items", hasSize(3))
        .body("items[0].scheduledAt", equalTo(tick.plusSeconds(2).toString()))
        .body("items[2].scheduledAt", equalTo(tick.toString()));
    given()
        .queryParam("limit", 2)
        .get("/api/job-runs")
        .then()
        .statusCode(200)
        .body("items.job", contains("hourly", "nightly"));
  }

  @Test
  void summarisesEveryJob() {
    long first = claimId("nightly", tick, "frontend-1", 60);
    succeed(first, "frontend-1", 3);
    long second = claimId("nightly", tick.plusSeconds(5), "frontend-2", 60);
    result(
        second,
        "{\"owner\":\"frontend-2\",\"status\":\"FAILED\",\"productsMade\":1,"
            + "\"error\":\"float-service is unavailable: timed out\"}",
        200);
    long third = claimId("nightly", tick.plusSeconds(10), "frontend-1", 60);
    succeed(third, "frontend-1", 3);
    claimId("nightly", tick.plusSeconds(15), "frontend-1", 60);
    pause("quiet", true);

    given()
        .queryParam("recent", 3)
        .get("/api/job-runs/summary")
        .then()
        .statusCode(200)
        .body("jobs.job", contains("nightly", "quiet"))
        .body("jobs[0].paused", equalTo(false))
        .body("jobs[0].byStatus.RUNNING", equalTo(1))
        .body("jobs[0].byStatus.SUCCEEDED", equalTo(2))
        .body("jobs[0].byStatus.FAILED", equalTo(1))
        .body("jobs[0].successRate", equalTo(2 / 3f))
        .body("jobs[0].lastRun.status", equalTo("RUNNING"))
        .body("jobs[0].lastFailure.id", equalTo((int) second))
        .body("jobs[0].lastFailure.error", equalTo("float-service is unavailable: timed out"))
        .body("jobs[0].recent.status", contains("RUNNING", "SUCCEEDED", "FAILED"))
        .body("jobs[1].paused", equalTo(true))
        .body("jobs[1].byStatus.RUNNING", equalTo(0))
        .body("jobs[1].successRate", nullValue())
        .body("jobs[1].lastRun", nullValue())
        .body("jobs[1].lastFailure", nullValue())
        .body("jobs[1].recent", hasSize(0));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[]",
        "null",
        "{",
        "{}",
        "{\"scheduledAt\":\"$TICK\",\"owner\":\"f\",\"leaseSeconds\":60}",
        "{\"job\":\"Bad Name\",\"scheduledAt\":\"$TICK\",\"owner\":\"f\",\"leaseSeconds\":60}",
        "{\"job\":\"j\",\"owner\":\"f\",\"leaseSeconds\":60}",
        "{\"job\":\"j\",\"scheduledAt\":\"tomorrow\",\"owner\":\"f\",\"leaseSeconds\":60}",
        "{\"job\":\"j\",\"scheduledAt\":\"2001-01-01T00:00:00Z\",\"owner\":\"f\",\"leaseSeconds\":60}",
        "{\"job\":\"j\",\"scheduledAt\":12345,\"owner\":\"f\",\"leaseSeconds\":60}",
        "{\"job\":\"j\",\"scheduledAt\":\"$TICK\",\"leaseSeconds\":60}",
        "{\"job\":\"j\",\"scheduledAt\":\"$TICK\",\"owner\":\"a b\",\"leaseSeconds\":60}",
        "{\"job\":\"j\",\"scheduledAt\":\"$TICK\",\"owner\":\"f\"}",
        "{\"job\":\"j\",\"scheduledAt\":\"$TICK\",\"owner\":\"f\",\"leaseSeconds\":0}",
        "{\"job\":\"j\",\"scheduledAt\":\"$TICK\",\"owner\":\"f\",\"leaseSeconds\":3601}",
        "{\"job\":\"j\",\"scheduledAt\":\"$TICK\",\"owner\":\"f\",\"leaseSeconds\":1.5}",
        "{\"job\":\"j\",\"scheduledAt\":\"$TICK\",\"owner\":\"f\",\"leaseSeconds\":\"60\"}",
        "{\"job\":\"j\",\"scheduledAt\":\"$TICK\",\"owner\":\"f\",\"leaseSeconds\":60,\"manual\":\"yes\"}",
        "{\"job\":\"j\",\"scheduledAt\":\"$TICK\",\"owner\":\"f\",\"leaseSeconds\":60,\"manual\":1}",
        "{\"job\":\"j\",\"scheduledAt\":\"$TICK\",\"owner\":\"f\",\"leaseSeconds\":60,\"x\":1}",
        "{\"job\":\"j\",\"job\":\"k\",\"scheduledAt\":\"$TICK\",\"owner\":\"f\",\"leaseSeconds\":60}"
      })
  void aBadClaimIsA400AndStoresNothing(String body) {
    given()
        .contentType(ContentType.JSON)
        .body(body.replace("$TICK", tick.toString()))
        .when()
        .post("/api/job-runs/claims")
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("status", equalTo(400))
        .body("type", startsWith("urn:generator-suite:problem:"))
        .body("detail", notNullValue());
    assertThat(database.countJobRuns()).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{}",
        "{\"status\":\"SUCCEEDED\",\"productsMade\":1}",
        "{\"owner\":\"frontend-1\",\"productsMade\":1}",
        "{\"owner\":\"frontend-1\",\"status\":\"DONE\",\"productsMade\":1}",
        "{\"owner\":\"frontend-1\",\"status\":\"RUNNING\",\"productsMade\":1}",
        "{\"owner\":\"frontend-1\",\"status\":\"SUCCEEDED\"}",
        "{\"owner\":\"frontend-1\",\"status\":\"SUCCEEDED\",\"productsMade\":-1}",
        "{\"owner\":\"frontend-1\",\"status\":\"SUCCEEDED\",\"productsMade\":\"1\"}",
        "{\"owner\":\"frontend-1\",\"status\":\"SUCCEEDED\",\"productsMade\":1,\"error\":\"x\"}",
        "{\"owner\":\"frontend-1\",\"status\":\"FAILED\",\"productsMade\":1}",
        "{\"owner\":\"frontend-1\",\"status\":\"SUCCEEDED\",\"productsMade\":1,\"extra\":true}"
      })
  void aBadResultIsA400AndChangesNothing(String body) {
    long id = claimId("nightly", tick, "frontend-1", 60);

    given()
        .contentType(ContentType.JSON)
        .body(body)
        .when()
        .post("/api/job-runs/" + id + "/result")
        .then()
        .statusCode(400)
        .contentType(PROBLEM)
        .body("status", equalTo(400));
    given().get("/api/job-runs/" + id).then().body("status", equalTo("RUNNING"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/job-runs?limit=0",
        "/api/job-runs?limit=101",
        "/api/job-runs?limit=x",
        "/api/job-runs?limit=",
        "/api/job-runs?job=Bad",
        "/api/job-runs?job=",
        "/api/job-runs/summary?recent=0",
        "/api/job-runs/summary?recent=abc",
        "/api/job-states/Bad_Name"
      })
  void badQueriesAre400(String path) {
    given().get(path).then().statusCode(400).contentType(PROBLEM).body("status", equalTo(400));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{}", "{\"paused\":\"yes\"}", "{\"paused\":1}", "{\"paused\":null}"})
  void aBadJobStateIsA400AndStoresNothing(String body) {
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .when()
        .put("/api/job-states/nightly")
        .then()
        .statusCode(400)
        .contentType(PROBLEM);
    given()
        .contentType(ContentType.JSON)
        .body("{\"paused\":true}")
        .when()
        .put("/api/job-states/NOT-valid")
        .then()
        .statusCode(400)
        .contentType(PROBLEM);
    assertThat(database.countJobStates()).isZero();
  }

  @Test
  void countsClaimsAndRunsForPrometheus() {
    long id = claimId("metered", tick, "frontend-1", 60);
    claim("metered", tick, "frontend-2", 60, false, 409);
    succeed(id, "frontend-1", 2);

    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .containsPattern("generator_job_claims_total\\{[^}]*job=\"metered\"[^}]*result=\"won\"")
        .containsPattern(
            "generator_job_claims_total\\{[^}]*job=\"metered\"[^}]*result=\"already_claimed\"")
        .containsPattern(
            "generator_job_runs_total\\{[^}]*job=\"metered\"[^}]*status=\"succeeded\"");
  }

  private static String body(String job, Instant scheduledAt, String owner, int lease) {
    return "{\"job\":\""
        + job
        + "\",\"scheduledAt\":\""
        + scheduledAt
        + "\",\"owner\":\""
        + owner
        + "\",\"leaseSeconds\":"
        + lease
        + "}";
  }

  private static Response claim(
      String job, Instant scheduledAt, String owner, int lease, boolean manual, int status) {
    String body = body(job, scheduledAt, owner, lease);
    if (manual) {
      body = body.substring(0, body.length() - 1) + ",\"manual\":true}";
    }
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .when()
        .post("/api/job-runs/claims")
        .then()
        .statusCode(status)
        .extract()
        .response();
  }

  private static long claimId(String job, Instant scheduledAt, String owner, int lease) {
    return claim(job, scheduledAt, owner, lease, false, 201).jsonPath().getLong("id");
  }

  private static Response result(Object id, String body, int status) {
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .when()
        .post("/api/job-runs/" + id + "/result")
        .then()
        .statusCode(status)
        .extract()
        .response();
  }

  private static void succeed(long id, String owner, int products) {
    result(
        id,
        "{\"owner\":\"" + owner + "\",\"status\":\"SUCCEEDED\",\"productsMade\":" + products + "}",
        200);
  }

  private static void pause(String job, boolean paused) {
    given()
        .contentType(ContentType.JSON)
        .body("{\"paused\":" + paused + "}")
        .when()
        .put("/api/job-states/" + job)
        .then()
        .statusCode(200)
        .body("job", equalTo(job))
        .body("paused", equalTo(paused));
  }
}
