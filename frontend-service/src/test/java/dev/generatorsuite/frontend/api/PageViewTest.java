package dev.generatorsuite.frontend.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.generatorsuite.frontend.domain.Dashboard;
import dev.generatorsuite.frontend.domain.Outage;
import dev.generatorsuite.frontend.domain.Product;
import dev.generatorsuite.frontend.domain.ProductPage;
import dev.generatorsuite.frontend.domain.ProductStats;
import dev.generatorsuite.frontend.domain.ServiceStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageViewTest {

  private static final Product P =
      new Product(7L, 3, 1.25, 3.75, "MISS", Instant.parse("2025-05-06T07:08:09.123Z"));

  @Test
  void pagerLinksFollowThePageAndTotal() {
    assertThat(view(0, 25).history().prevHref()).isNull();
    assertThat(view(0, 25).history().nextHref()).isEqualTo("/?page=1");
    assertThat(view(1, 25).history().prevHref()).isEqualTo("/?page=0");
    assertThat(view(2, 25).history().nextHref()).isNull();
    assertThat(view(2, 25).history().pageLabel()).isEqualTo("Page 3 of 3");
    assertThat(view(0, 0).history().pageLabel()).isEqualTo("Page 1 of 1");
    // Past the end: "previous" leads back to the last page that exists.
    assertThat(view(9, 25).history().prevHref()).isEqualTo("/?page=2");
  }

  @Test
  void chartBarsAreScaledToTheLargestCount() {
    ProductStats stats =
        new ProductStats(40, -2.0, 90.5, 12.25, Map.of("MISS", 20L, "HIT", 10L, "CRIT", 0L));
    PageView.StatsView view =
        PageView.of(dashboard(0, 1, stats), "t", List.of(), null, "1").stats();

    assertThat(view.bars())
        .extracting(PageView.BarView::outcome, PageView.BarView::width)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("MISS", 210),
            org.assertj.core.groups.Tuple.tuple("HIT", 105),
            org.assertj.core.groups.Tuple.tuple("CRIT", 0));
    assertThat(view.min()).isEqualTo("-2");
    assertThat(view.avg()).isEqualTo("12.25");
  }

  @Test
  void emptyStatisticsShowDashesAndNoBars() {
    PageView.StatsView view =
        PageView.of(
                dashboard(0, 0, new ProductStats(0, null, null, null, null)),
                "t",
                List.of(),
                null,
                "1")
            .stats();

    assertThat(view.min()).isEqualTo("–");
    assertThat(view.bars()).allMatch(bar -> bar.width() == 0);
  }

  @Test
  void trendPutsTheOldestProductLeftAndScalesAroundZero() {
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    ProductPage page =
        new ProductPage(
            List.of(
                new Product(3L, 2, 2.0, 4.0, "MISS", t),
                new Product(2L, -1, 4.0, -4.0, "MISS", t),
                new Product(1L, 4, 1.0, 4.0, "HIT", t)),
            0,
            10,
            3);

    PageView.TrendView trend = PageView.trend(page);

    assertThat(trend.zeroY()).isEqualTo(PageView.TREND_HEIGHT / 2);
    assertThat(trend.top()).isEqualTo("4");
    assertThat(trend.bottom()).isEqualTo("-4");
    assertThat(trend.bars())
        .extracting(PageView.TrendBar::label)
        .containsExactly("#1: 4 HIT", "#2: -4 MISS", "#3: 4 MISS");
    PageView.TrendBar up = trend.bars().get(0);
    PageView.TrendBar down = trend.bars().get(1);
    assertThat(up.y() + up.height()).isEqualTo(trend.zeroY());
    assertThat(down.y()).isEqualTo(trend.zeroY());
    assertThat(up.height()).isEqualTo(down.height()).isEqualTo(PageView.TREND_HEIGHT / 2);
    assertThat(trend.bars()).allMatch(b -> b.x() >= 0 && b.x() + b.width() <= PageView.TREND_WIDTH);
  }

  @Test
  void noTrendWithoutHistory() {
    assertThat(PageView.trend(null)).isNull();
    assertThat(PageView.trend(new ProductPage(List.of(), 0, 10, 0))).isNull();
  }

  @Test
  void formatsNumbersAndTimes() {
    PageView view = view(0, 1);

    assertThat(PageView.number(1234567.891234)).isEqualTo("1,234,567.8912");
    assertThat(PageView.number(-5L)).isEqualTo("-5");
    assertThat(view.featured().createdText()).isEqualTo("2025-05-06 07:08:09 UTC");
    assertThat(view.featured().createdIso()).isEqualTo("2025-05-06T07:08:09.123Z");
    assertThat(view.featured().outcomeClass()).isEqualTo("outcome-miss");
  }

  @Test
  void outagesBecomeOneErrorBanner() {
    Dashboard degraded =
        new Dashboard(
            0,
            10,
            null,
            false,
            null,
            null,
            List.of(ServiceStatus.down("int-service", "connection refused", null)),
            List.of(new Outage("int-service", "connection refused")));

    PageView view = PageView.of(degraded, "t", List.of(), null, "1");

    assertThat(view.banners())
        .singleElement()
        .satisfies(
            b -> {
              assertThat(b.kind()).isEqualTo("error");
              assertThat(b.lines())
                  .containsExactly("int-service is unavailable: connection refused");
            });
    assertThat(view.services().get(0).version()).isEqualTo("unknown");
  }

  private static PageView view(int page, long total) {
    return PageView.of(dashboard(page, total, null), "token", List.of(), null, "1.0.0");
  }

  private static Dashboard dashboard(int page, long total, ProductStats stats) {
    return new Dashboard(
        page,
        10,
        P,
        false,
        new ProductPage(List.of(P), page, 10, total),
        stats,
        List.of(),
        List.of());
  }
}
