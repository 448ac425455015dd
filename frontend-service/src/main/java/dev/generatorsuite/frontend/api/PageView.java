package dev.generatorsuite.frontend.api;

import dev.generatorsuite.commons.version.VersionInfo;
import dev.generatorsuite.frontend.domain.Dashboard;
import dev.generatorsuite.frontend.domain.Outage;
import dev.generatorsuite.frontend.domain.Product;
import dev.generatorsuite.frontend.domain.ProductPage;
import dev.generatorsuite.frontend.domain.ProductStats;
import dev.generatorsuite.frontend.domain.ServiceStatus;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What the page template shows, already formatted, so the template holds no logic beyond ifs and
 * loops.
 */
public record PageView(
    String token,
    List<Banner> banners,
    FeaturedView featured,
    HistoryView history,
    StatsView stats,
    TrendView trend,
    List<ServiceView> services,
    String appVersion) {

  /** The outcomes in the order the chart shows them. */
  static final List<String> OUTCOMES = List.of("MISS", "HIT", "CRIT");

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** A message across the top of the page. */
  public record Banner(String kind, String title, List<String> lines) {

    static Banner error(String title, List<String> lines) {
      return new Banner("error", title, List.copyOf(lines));
    }

    static Banner info(String title, String line) {
      return new Banner("info", title, List.of(line));
    }
  }

  /** The product shown large. */
  public record FeaturedView(
      String label,
      String id,
      String productText,
      String intText,
      String floatText,
      String outcome,
      String outcomeClass,
      String createdIso,
      String createdText) {}

  /** One row of the history table. */
  public record RowView(
      String id,
      String intText,
      String floatText,
      String productText,
      String outcome,
      String outcomeClass,
      String createdIso,
      String createdText,
      boolean highlight) {}

  /** The history table and its pager; the links are null where there is no such page. */
  public record HistoryView(
      List<RowView> rows, String pageLabel, String total, String prevHref, String nextHref) {}

  /** One bar of the outcome chart, in SVG user units. */
  public record BarView(String outcome, long count, String cssClass, int y, int textY, int width) {}

  /** The statistics card. */
  public record StatsView(
      String count,
      String min,
      String max,
      String avg,
      List<BarView> bars,
      int chartHeight,
      String chartSummary) {}

  /** One column of the recent-products chart, in SVG user units; {@code label} is its tooltip. */
  public record TrendBar(int x, int y, int width, int height, String cssClass, String label) {}

  /**
   * The products of the history page shown, oldest on the left, as columns above (or below) a zero
   * line; null when there is no history to draw.
   */
  public record TrendView(
      List<TrendBar> bars, int zeroY, String top, String bottom, String summary) {}

  /** Size of the recent-products chart's plot area, in SVG user units. */
  static final int TREND_WIDTH = 320;

  static final int TREND_HEIGHT = 120;

  /** One row of the status panel. */
  public record ServiceView(
      String name, boolean up, String reason, String version, String build, String commit) {}

  static final int CHART_TRACK = 210;

  static PageView of(
      Dashboard dashboard,
      String token,
      List<Banner> extraBanners,
      String highlightId,
      String appVersion) {
    List<Banner> banners = new ArrayList<>(extraBanners);
    if (dashboard.degraded()) {
      banners.add(
          Banner.error(
              dashboard.outages().size() == 1
                  ? "A service is unavailable"
                  : "Some services are unavailable",
              dashboard.outages().stream().map(Outage::message).toList()));
    }
    return new PageView(
        token,
        List.copyOf(banners),
        featured(dashboard),
        history(dashboard, highlightId),
        stats(dashboard.stats()),
        trend(dashboard.history()),
        dashboard.services().stream().map(PageView::service).toList(),
        appVersion);
  }

  private static FeaturedView featured(Dashboard dashboard) {
    Product p = dashboard.featured();
    if (p == null) {
      return null;
    }
    return new FeaturedView(
        dashboard.featuredIsNew() ? "Just generated" : "Latest product",
        p.idText(),
        number(p.product()),
        number(p.intValue()),
        number(p.floatValue()),
        outcome(p.outcome()),
        outcomeClass(p.outcome()),
        iso(p.createdAt()),
        time(p.createdAt()));
  }

  private static HistoryView history(Dashboard dashboard, String highlightId) {
    ProductPage page = dashboard.history();
    if (page == null) {
      return null;
    }
    List<RowView> rows =
        page.items().stream()
            .map(
                p ->
                    new RowView(
                        p.idText(),
                        number(p.intValue()),
                        number(p.floatValue()),
                        number(p.product()),
                        outcome(p.outcome()),
                        outcomeClass(p.outcome()),
                        iso(p.createdAt()),
                        time(p.createdAt()),
                        p.idText().equals(highlightId)))
            .toList();
    int size = dashboard.pageSize();
    long pages = Math.max(1, (page.total() + size - 1) / size);
    int current = dashboard.page();
    String prev = current > 0 ? "/?page=" + Math.min(current - 1, pages - 1) : null;
    String next = (long) (current + 1) * size < page.total() ? "/?page=" + (current + 1) : null;
    return new HistoryView(
        rows, "Page " + (current + 1) + " of " + pages, number(page.total()), prev, next);
  }

  private static StatsView stats(ProductStats stats) {
    if (stats == null) {
      return null;
    }
    long max = OUTCOMES.stream().mapToLong(stats::countOf).max().orElse(0);
    List<BarView> bars = new ArrayList<>();
    List<String> summary = new ArrayList<>();
    for (int i = 0; i < OUTCOMES.size(); i++) {
      String outcome = OUTCOMES.get(i);
      long count = stats.countOf(outcome);
      int width = max == 0 ? 0 : (int) Math.max(count > 0 ? 3 : 0, CHART_TRACK * count / max);
      int y = 8 + i * 44;
      bars.add(new BarView(outcome, count, outcomeClass(outcome), y, y + 19, width));
      summary.add(outcome + ": " + count);
    }
    return new StatsView(
        number(stats.count()),
        optional(stats.minProduct()),
        optional(stats.maxProduct()),
        optional(stats.avgProduct()),
        List.copyOf(bars),
        16 + OUTCOMES.size() * 44 - 8,
        "Products by outcome. " + String.join(", ", summary) + ".");
  }

  /**
   * Scales the page's products between the largest value and the smallest (or zero, whichever is
   * further out), so positive products rise from the zero line and negative ones hang below it.
   */
  static TrendView trend(ProductPage page) {
    if (page == null || page.items().isEmpty()) {
      return null;
    }
    List<Product> oldestFirst = new ArrayList<>(page.items());
    Collections.reverse(oldestFirst);
    double high = Math.max(0, oldestFirst.stream().mapToDouble(Product::product).max().orElse(0));
    double low = Math.min(0, oldestFirst.stream().mapToDouble(Product::product).min().orElse(0));
    double span = high - low == 0 ? 1 : high - low;
    int zeroY = (int) Math.round(TREND_HEIGHT * high / span);
    int slot = TREND_WIDTH / Math.max(oldestFirst.size(), 10);
    int width = Math.max(2, slot * 7 / 10);
    List<TrendBar> bars = new ArrayList<>();
    List<String> summary = new ArrayList<>();
    for (int i = 0; i < oldestFirst.size(); i++) {
      Product p = oldestFirst.get(i);
      int height = (int) Math.round(TREND_HEIGHT * Math.abs(p.product()) / span);
      height = p.product() != 0 ? Math.max(1, height) : 0;
      int y = p.product() >= 0 ? zeroY - height : zeroY;
      String text = "#" + p.idText() + ": " + number(p.product()) + " " + outcome(p.outcome());
      bars.add(
          new TrendBar(
              i * slot + (slot - width) / 2, y, width, height, outcomeClass(p.outcome()), text));
      summary.add(number(p.product()) + " " + outcome(p.outcome()));
    }
    return new TrendView(
        List.copyOf(bars),
        zeroY,
        axis(high),
        axis(low),
        "Products on this page, oldest first: " + String.join(", ", summary) + ".");
  }

  private static ServiceView service(ServiceStatus status) {
    VersionInfo v = status.version();
    return new ServiceView(
        status.service(),
        status.up(),
        status.reason(),
        v == null ? "unknown" : v.version(),
        v == null ? "unknown" : v.build(),
        v == null || v.commit() == null
            ? "unknown"
            : v.commit().substring(0, Math.min(7, v.commit().length())));
  }

  static String number(double value) {
    DecimalFormat format =
        new DecimalFormat("#,##0.####", DecimalFormatSymbols.getInstance(Locale.ROOT));
    return format.format(value);
  }

  static String number(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** Axis labels round to one decimal, so they fit the chart's left margin. */
  private static String axis(double value) {
    return new DecimalFormat("#,##0.#", DecimalFormatSymbols.getInstance(Locale.ROOT))
        .format(value);
  }

  /** Statistics round to two decimals, so the four figures fit side by side. */
  private static String optional(Double value) {
    return value == null
        ? "–"
        : new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT))
            .format(value);
  }

  private static String outcome(String outcome) {
    return outcome == null ? "UNKNOWN" : outcome;
  }

  private static String outcomeClass(String outcome) {
    return outcome == null ? "outcome-unknown" : "outcome-" + outcome.toLowerCase(Locale.ROOT);
  }

  private static String iso(Instant instant) {
    return instant == null ? "" : instant.toString();
  }

  private static String time(Instant instant) {
    return instant == null ? "unknown time" : TIME.format(instant);
  }
}
