package dev.generatorsuite.combiner.persistence;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.generatorsuite.combiner.api.EmbeddedPostgresResource;
import dev.generatorsuite.combiner.api.TestDatabase;
import dev.generatorsuite.combiner.domain.RulesEngine;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One transaction for several keyed stores, as GroupCommit hands them over: each store gets its own
 * row, or the row stored earlier under its key, exactly as if it had been written alone.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
class KeyedStoreBatchTest {

  private static final String HASH_A = "a".repeat(64);
  private static final String HASH_B = "b".repeat(64);

  @Inject ProductRepository repository;
  @Inject RulesEngine rules;
  @Inject TestDatabase database;

  @BeforeEach
  void emptyTable() {
    database.clear();
  }

  @Test
  void newKeysAreEachStoredOnce() {
    List<StoreResult> results =
        repository.storeBatch(
            List.of(
                store(1, 2.0, "k1", HASH_A),
                store(-3, 40.0, "k2", HASH_A),
                store(5, 0.5, "k3", HASH_B)));

    assertThat(results).extracting(StoreResult::created).containsExactly(true, true, true);
    assertThat(results)
        .extracting(r -> r.product().idempotencyKey)
        .containsExactly("k1", "k2", "k3");
    assertThat(results).extracting(r -> r.product().intValue).containsExactly(1, -3, 5);
    assertThat(results).extracting(r -> r.product().product).containsExactly(2.0, -120.0, 2.5);
    assertThat(results)
        .extracting(r -> r.product().requestHash)
        .containsExactly(HASH_A, HASH_A, HASH_B);
    assertThat(results).allSatisfy(r -> assertThat(r.product().createdAt).isNotNull());
    assertThat(results.stream().map(r -> r.product().id).distinct()).hasSize(3);
    assertThat(database.countProducts()).isEqualTo(3);
    assertThat(repository.stats().count()).isEqualTo(3);
  }

  @Test
  void theBatchSizesArePublished() {
    repository.storeBatch(List.of(store(1, 1.0, "m1", HASH_A), store(2, 2.0, "m2", HASH_A)));

    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher largest =
        Pattern.compile("(?m)^generator_product_store_batch_stores_max(\\{[^}]*\\})? (\\S+)$")
            .matcher(metrics);
    assertThat(largest.find())
        .as("generator_product_store_batch_stores_max in " + metrics)
        .isTrue();
    assertThat(Double.parseDouble(largest.group(2))).isGreaterThanOrEqualTo(2.0);
    assertThat(metrics).contains("generator_product_store_batch_stores_count");
  }

  @Test
  void aKeyStoredEarlierGivesBackItsRow() {
    StoreResult earlier =
        repository
            .storeOnce(rules.combine(2, 3.0), "taken", HASH_A)
            .await()
            .atMost(Duration.ofSeconds(10));

    List<StoreResult> results =
        repository.storeBatch(
            List.of(store(9, 9.0, "taken", HASH_B), store(1, 1.0, "fresh", HASH_A)));

    assertThat(results.get(0).created()).isFalse();
    assertThat(results.get(0).product().id).isEqualTo(earlier.product().id);
    assertThat(results.get(0).product().intValue).isEqualTo(2);
    assertThat(results.get(0).product().requestHash).isEqualTo(HASH_A);
    assertThat(results.get(1).created()).isTrue();
    assertThat(database.countProducts()).isEqualTo(2);
  }

  @Test
  void aKeySentTwiceInOneBatchIsStoredByItsFirstStore() {
    List<StoreResult> results =
        repository.storeBatch(
            List.of(
                store(1, 1.0, "twice", HASH_A),
                store(7, 7.0, "twice", HASH_B),
                store(2, 2.0, "twice", HASH_A)));

    assertThat(results).extracting(StoreResult::created).containsExactly(true, false, false);
    assertThat(results.stream().map(r -> r.product().id).distinct()).hasSize(1);
    assertThat(results.get(1).product().intValue).isEqualTo(1);
    assertThat(results.get(1).product().requestHash).isEqualTo(HASH_A);
    assertThat(database.countProducts()).isEqualTo(1);
    assertThat(repository.stats().count()).isEqualTo(1);
  }

  @Test
  void aBatchOfOneIsAStoreAlone() {
    List<StoreResult> first = repository.storeBatch(List.of(store(3, 3.0, "one", HASH_A)));
    List<StoreResult> again = repository.storeBatch(List.of(store(3, 3.0, "one", HASH_A)));

    assertThat(first.get(0).created()).isTrue();
    assertThat(again.get(0).created()).isFalse();
    assertThat(again.get(0).product().id).isEqualTo(first.get(0).product().id);
  }

  private KeyedStore store(int intValue, double floatValue, String key, String hash) {
    return new KeyedStore(rules.combine(intValue, floatValue), key, hash);
  }
}
