package dev.generatorsuite.combiner.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

  private final ExecutorService callers = Executors.newFixedThreadPool(16);
  private final ExecutorService workers = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    callers.shutdownNow();
    workers.shutdownNow();
  }

  @Test
  void aLoneWriteIsWrittenAtOnceAlone() throws Exception {
    List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    GroupCommit<Integer, String> group = new GroupCommit<>(2, 64, workers, recording(batches));

    assertThat(written(group, 7)).isEqualTo("done 7");
    assertThat(written(group, 8)).isEqualTo("done 8");
    assertThat(batches).containsExactly(List.of(7), List.of(8));
  }

  @Test
  void writesThatArriveDuringABatchShareTheNextOneAndTheirCallersDoNotWait() throws Exception {
    List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    HeldFirstBatch held = new HeldFirstBatch();
    GroupCommit<Integer, String> group =
        new GroupCommit<>(1, 64, workers, held.then(recording(batches)));

    CompletableFuture<String> first = group.submit(0);
    await(held.started);
    List<CompletableFuture<String>> queued = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      queued.add(group.submit(i));
    }
    // Submitted from this one thread, which was never held up by the batch in flight.
    assertThat(group.queued()).isEqualTo(10);
    assertThat(queued).noneMatch(CompletableFuture::isDone);
    held.release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("done 0");
    for (int i = 0; i < queued.size(); i++) {
      assertThat(queued.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("done " + (i + 1));
    }
    assertThat(batches).hasSize(2);
    assertThat(batches.get(1)).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
  }

  @Test
  void manyCallersEachGetTheirOwnResultWithinTheLimits() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    GroupCommit<Integer, String> group =
        new GroupCommit<>(
            3,
            5,
            workers,
            writes -> {
              mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              try {
                Thread.sleep(2);
                return recording(batches).apply(writes);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              } finally {
                inFlight.decrementAndGet();
              }
            });

    List<Future<List<String>>> running = new ArrayList<>();
    for (int caller = 0; caller < 16; caller++) {
      int base = caller * 1000;
      running.add(
          callers.submit(
              () -> {
                List<String> answers = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                  answers.add(written(group, base + i));
                }
                return answers;
              }));
    }
    for (int caller = 0; caller < running.size(); caller++) {
      List<String> answers = running.get(caller).get(30, TimeUnit.SECONDS);
      for (int i = 0; i < 50; i++) {
        assertThat(answers.get(i)).isEqualTo("done " + (caller * 1000 + i));
      }
    }
    assertThat(mostInFlight.get()).isBetween(1, 3);
    assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 5));
    assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(16 * 50);
    assertThat(batches).anySatisfy(batch -> assertThat(batch).hasSizeGreaterThan(1));
    assertThat(group.queued()).isZero();
  }

  @Test
  void aFailedBatchFailsEachOfItsWritesAndTheNextBatchStillRuns() throws Exception {
    HeldFirstBatch held = new HeldFirstBatch();
    GroupCommit<Integer, String> group =
        new GroupCommit<>(
            1,
            64,
            workers,
            held.then(
                writes -> {
                  if (writes.contains(-1)) {
                    throw new IllegalStateException("database gone");
                  }
                  return writes.stream().map(w -> "done " + w).toList();
                }));

    CompletableFuture<String> first = group.submit(0);
    await(held.started);
    CompletableFuture<String> failing = group.submit(-1);
    CompletableFuture<String> sameBatch = group.submit(1);
    assertThat(group.queued()).isEqualTo(2);
    held.release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("done 0");
    for (Future<String> failed : List.of(failing, sameBatch)) {
      assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IllegalStateException.class)
          .hasRootCauseMessage("database gone");
    }
    assertThat(written(group, 2)).isEqualTo("done 2");
  }

  @Test
  void aWriterThatReturnsTheWrongNumberOfResultsFailsItsBatch() {
    GroupCommit<Integer, String> group = new GroupCommit<>(1, 64, workers, writes -> List.of());
    assertThatThrownBy(() -> written(group, 1))
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("a batch of 1 writes gave 0 results");
    assertThatThrownBy(() -> new GroupCommit<Integer, String>(0, 1, workers, writes -> List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aWriteNoWriterCanBeStartedForFailsInsteadOfWaitingForEver() throws Exception {
    Executor refusing =
        task -> {
          throw new RejectedExecutionException("worker pool full");
        };
    GroupCommit<Integer, String> group = new GroupCommit<>(1, 64, refusing, recording(List.of()));

    assertThatThrownBy(() -> written(group, 1))
        .hasCauseInstanceOf(RejectedExecutionException.class)
        .hasRootCauseMessage("worker pool full");
    assertThat(group.queued()).isZero();
    // The slot the refused writer held is free again: the next write tries anew.
    assertThatThrownBy(() -> written(group, 2))
        .hasCauseInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void aWriteWhoseWriterIsRefusedWaitsForTheWriterStillRunning() throws Exception {
    AtomicInteger started = new AtomicInteger();
    Executor oneWriterOnly =
        task -> {
          if (started.getAndIncrement() > 0) {
            throw new RejectedExecutionException("worker pool full");
          }
          workers.execute(task);
        };
    List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
    HeldFirstBatch held = new HeldFirstBatch();
    GroupCommit<Integer, String> group =
        new GroupCommit<>(2, 64, oneWriterOnly, held.then(recording(batches)));

    CompletableFuture<String> first = group.submit(0);
    await(held.started);
    CompletableFuture<String> second = group.submit(1);
    // Its own writer was refused, but the running one will take it: failing it now could tell
    // the caller "not stored" about a row that is then stored.
    assertThat(second).isNotDone();
    held.release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("done 0");
    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("done 1");
    assertThat(batches).containsExactly(List.of(0), List.of(1));
  }

  /**
   * A batch writer that holds the batch carrying write 0 until {@code release}, so that the test
   * can queue writes while a batch is in flight; every batch is then written by the given writer.
   */
  private static final class HeldFirstBatch {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    Function<List<Integer>, List<String>> then(Function<List<Integer>, List<String>> writer) {
      return writes -> {
        if (writes.contains(0)) {
          started.countDown();
          await(release);
        }
        return writer.apply(writes);
      };
    }
  }

  /** Submits one write and waits for its result, as a blocking caller would. */
  private static String written(GroupCommit<Integer, String> group, int write) throws Exception {
    return group.submit(write).get(10, TimeUnit.SECONDS);
  }

  private static Function<List<Integer>, List<String>> recording(List<List<Integer>> batches) {
    return writes -> {
      batches.add(List.copyOf(writes));
      return writes.stream().map(w -> "done " + w).toList();
    };
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
