package dev.generatorsuite.frontend.domain;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.generatorsuite.frontend.DownstreamServers;
import dev.generatorsuite.frontend.DownstreamTest;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheduler fires enabled jobs by themselves: an interval job and a cron job, both every
 * second, claim whole-second ticks one second apart (or a whole number of seconds, when a late
 * scheduler skipped one); a disabled job claims nothing.
 */
@QuarkusTest
@TestProfile(JobSchedulerTest.TickingJobs.class)
@WithTestResource(value = DownstreamServers.class, scope = TestResourceScope.MATCHING_RESOURCES)
class JobSchedulerTest extends DownstreamTest {

  /** Two jobs firing every second, and the disabled ones of the test profile. */
  public static class TickingJobs implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "frontend.jobs.ticking.every", "1s",
          "frontend.jobs.crony.cron", "* * * * * ?");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyReplicaClaimsEachTickOfEveryEnabledJob() throws Exception {
    combinerService.stubFor(
        post(urlEqualTo("/api/job-runs/claims"))
            .willReturn(problem(409, "already-claimed", "claimed by another replica")));

    Thread.sleep(4500);

    List<Instant> ticking = ticks("ticking");
    List<Instant> crony = ticks("crony");
    assertThat(ticking).hasSizeGreaterThanOrEqualTo(3);
    assertThat(crony).hasSizeGreaterThanOrEqualTo(3);
    for (List<Instant> ticks : List.of(ticking, crony)) {
      assertThat(ticks).doesNotHaveDuplicates().allMatch(t -> t.getNano() == 0);
      List<Duration> gaps = new ArrayList<>();
      for (int i = 1; i < ticks.size(); i++) {
        gaps.add(Duration.between(ticks.get(i - 1), ticks.get(i)));
      }
      // Whole seconds apart, and at least once exactly one: a scheduler that is late past its
      // grace period (a starved CI machine) skips a tick, which another replica then claims.
      assertThat(gaps).allMatch(gap -> gap.getNano() == 0 && gap.getSeconds() >= 1);
      assertThat(gaps).contains(Duration.ofSeconds(1));
    }
    assertThat(ticks("batch")).isEmpty();
    assertThat(ticks("nightly")).isEmpty();
    combinerService.verify(0, postRequestedFor(urlEqualTo("/api/products")));
  }

  @Test
  void tellsTheNextRunOfEnabledJobs() {
    Instant before = Instant.now();
    JsonPath jobs = given().get("/ops/jobs").then().statusCode(200).extract().jsonPath();
    Instant after = Instant.now();

    assertThat(jobs.getList("name", String.class)).contains("ticking", "crony", "batch");
    // An interval job's next tick is the next whole second after the answer was computed.
    assertThat(Instant.parse(jobs.getString("find { it.name == 'ticking' }.nextRun")))
        .isAfter(before)
        .isBeforeOrEqualTo(after.plusSeconds(1));
    assertThat(Instant.parse(jobs.getString("find { it.name == 'crony' }.nextRun")))
        .isAfter(before.minusSeconds(1))
        .isBeforeOrEqualTo(after.plusSeconds(2));
    assertThat(jobs.getString("find { it.name == 'batch' }.nextRun")).isNull();
  }

  private List<Instant> ticks(String job) throws Exception {
    List<Instant> ticks = new ArrayList<>();
    for (LoggedRequest request :
        combinerService.findAll(postRequestedFor(urlEqualTo("/api/job-runs/claims")))) {
      JsonNode claim = JSON.readTree(request.getBodyAsString());
      if (claim.get("job").asText().equals(job)) {
        assertThat(claim.get("manual").asBoolean()).isFalse();
        assertThat(claim.get("owner").asText()).isEqualTo("frontend-test");
        ticks.add(Instant.parse(claim.get("scheduledAt").asText()));
      }
    }
    ticks.sort(null);
    return ticks;
  }
}
