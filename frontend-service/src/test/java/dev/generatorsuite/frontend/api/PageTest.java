package dev.generatorsuite.frontend.api;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.generatorsuite.frontend.DownstreamServers;
import dev.generatorsuite.frontend.DownstreamTest;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The web page: {@code GET /} and the form's {@code POST /generate}. */
@QuarkusTest
@WithTestResource(value = DownstreamServers.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PageTest extends DownstreamTest {

  private static final Pattern TOKEN = Pattern.compile("name=\"token\" value=\"([^\"]+)\"");

  @Test
  void showsLatestProductHistoryStatisticsAndServices() {
    String html = page("/", 200);

    assertThat(html)
        .contains("<main", "<form method=\"post\" action=\"/generate\"", ">Generate</button>")
        .contains("Latest product", "10.5", "badge outcome-hit")
        .contains("<caption>", "<th scope=\"col\">Outcome</th>", "<th scope=\"row\">42</th>")
        .contains("Page 1 of 1", "2025-01-02 03:04:05 UTC")
        .contains("<svg viewBox=\"0 0 320", "Products by outcome. MISS: 0, HIT: 1, CRIT: 0.")
        .contains("int-service", "float-service", "combiner-service", "version 1.0.0")
        .doesNotContain("banner-error", "DOWN");
    assertThat(countOf(html, "status-pill status-up\">UP")).isEqualTo(4);
    assertThat(html).containsPattern("<rect class=\"chart-bar outcome-hit\"[^>]*width=\"210\"");
  }

  @Test
  void statusPanelListsAllFourServicesWithTheirVersions() {
    String html = page("/", 200);

    assertThat(html)
        .containsSubsequence(
            "<span class=\"service-name\">frontend-service</span>",
            "<span class=\"service-name\">int-service</span>",
            "<span class=\"service-name\">float-service</span>",
            "<span class=\"service-name\">combiner-service</span>")
        // The frontend's own build, as at its /version; the others' from their /version.
        .contains("build local · unknown", "version 1.0.0 · build 17 · abcdef1");
  }

  @Test
  void drawsTheRecentProductsAsAnAccessibleServerRenderedChart() {
    List<String> rows =
        List.of(
            product(30, "CRIT", "2025-01-03T00:00:00Z"),
            product(20, "MISS", "2025-01-02T00:00:00Z"),
            product(10, "HIT", "2025-01-01T00:00:00Z"));
    combinerService.stubFor(
        get(urlPathEqualTo("/api/products")).willReturn(okJson(page(rows, 0, 10, 3))));

    String html = page("/", 200);

    assertThat(html)
        .contains("aria-labelledby=\"trend-title trend-desc\"", "<title id=\"trend-title\">")
        .contains("Products on this page, oldest first: 22.5 HIT, 45 MISS, 67.5 CRIT.")
        .contains("<title>#30: 67.5 CRIT</title>")
        .doesNotContain("<script");
  }

  @Test
  void isUsableWithoutJavaScriptAndByKeyboard() {
    String html = page("/", 200);

    assertThat(html)
        .contains("<html lang=\"en\">", "name=\"viewport\"")
        .contains("class=\"skip-link\" href=\"#content\"", "<main id=\"content\"")
        .contains("<header", "<footer", "<nav class=\"pager\" aria-label=\"History pages\">")
        .contains("role=\"region\" aria-labelledby=\"history-title\" tabindex=\"0\"")
        .doesNotContain("<script");
    // Every section is named by its heading.
    assertThat(html)
        .contains(
            "aria-labelledby=\"generate-title\"",
            "aria-labelledby=\"stats-title\"",
            "aria-labelledby=\"status-title\"",
            "aria-labelledby=\"history-title\"");
  }

  @Test
  void rendersAFreshOneTimeTokenEachTime() {
    String first = token(page("/", 200));
    String second = token(page("/", 200));

    assertThat(first).hasSizeBetween(1, 64).isNotEqualTo(second);
  }

  @Test
  void pagesThroughTheHistory() {
    List<String> rows = List.of(product(30, "MISS", "2025-01-03T00:00:00Z"));
    combinerService.stubFor(
        get(urlPathEqualTo("/api/products"))
            .withQueryParam("page", equalTo("2"))
            .willReturn(okJson(page(rows, 2, 10, 35))));
    combinerService.stubFor(
        get(urlPathEqualTo("/api/products"))
            .withQueryParam("page", equalTo("0"))
            .withQueryParam("size", equalTo("1"))
            .willReturn(okJson(page(List.of(PRODUCT_42), 0, 1, 35))));

    String html = page("/?page=2", 200);

    assertThat(html)
        .contains("Page 3 of 4", "35 in total")
        .contains("href=\"/?page=1\" rel=\"prev\"", "href=\"/?page=3\" rel=\"next\"")
        .contains("<th scope=\"row\">30</th>", "67.5");
    combinerService.verify(
        getRequestedFor(urlPathEqualTo("/api/products"))
            .withQueryParam("page", equalTo("2"))
            .withQueryParam("size", equalTo("10")));
  }

  @Test
  void hasNoPreviousLinkOnTheFirstPageAndNoNextOnTheLast() {
    String html = page("/", 200);

    assertThat(html).doesNotContain("rel=\"prev\"", "rel=\"next\"").contains("aria-disabled");
  }

  @Test
  void showsTheProductJustCreatedAndHighlightsIt() {
    combinerService.stubFor(get(urlEqualTo("/api/products/42")).willReturn(okJson(PRODUCT_42)));

    String html = page("/?product=42", 200);

    assertThat(html).contains("Just generated", "class=\"highlight\" aria-current=\"true\"");
  }

  @Test
  void showsTheLatestWhenTheProductAskedForDoesNotExist() {
    combinerService.stubFor(
        get(urlEqualTo("/api/products/999")).willReturn(problem(404, "not-found", "No product")));

    String html = page("/?product=999", 200);

    assertThat(html).contains("Latest product").doesNotContain("Just generated");
  }

  @Test
  void generatesFromTheFormAndRedirectsToTheNewProduct() {
    String token = token(page("/", 200));

    given()
        .redirects()
        .follow(false)
        .contentType("application/x-www-form-urlencoded")
        .formParam("token", token)
        .when()
        .post("/generate")
        .then()
        .statusCode(303)
        .header("Location", "/?product=42");

    combinerService.verify(
        1,
        postRequestedFor(urlEqualTo("/api/products"))
            .withHeader("Idempotency-Key", equalTo(token)));
  }

  @Test
  void aSecondSubmitOfTheSameFormStoresNothingNewAndSaysSo() {
    // The combiner already holds a product for this key, with other values than this attempt's.
    combinerService.stubFor(
        post(urlEqualTo("/api/products"))
            .willReturn(
                problem(409, "idempotency-conflict", "The key was used with other values")));

    given()
        .redirects()
        .follow(false)
        .contentType("application/x-www-form-urlencoded")
        .formParam("token", "token-submitted-twice")
        .when()
        .post("/generate")
        .then()
        .statusCode(303)
        .header("Location", "/?notice=already-submitted");

    assertThat(page("/?notice=already-submitted", 200)).contains("Already submitted");
  }

  @Test
  void aSecondSubmitOfTheSameFormShowsTheProductItsTokenStored() {
    String token = token(page("/", 200));
    combinerStoresOnceUnder(token);

    submit(token).then().statusCode(303).header("Location", "/?product=42");
    submit(token)
        .then()
        .statusCode(303)
        .header("Location", "/?product=42&notice=already-submitted");

    combinerService.verify(2, postRequestedFor(urlEqualTo("/api/products")));
    assertThat(page("/?product=42&notice=already-submitted", 200))
        .contains("Already submitted", "This is the product it stored");
  }

  private static Response submit(String token) {
    return given()
        .redirects()
        .follow(false)
        .contentType("application/x-www-form-urlencoded")
        .formParam("token", token)
        .when()
        .post("/generate");
  }

  @Test
  void refusesAFormWithoutToken() {
    Response response =
        given()
            .contentType("application/x-www-form-urlencoded")
            .formParam("other", "x")
            .when()
            .post("/generate");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("text/html");
    assertThat(response.asString()).contains("banner-error", "token is missing");
    assertThat(combinerService.getAllServeEvents())
        .noneMatch(e -> e.getRequest().getUrl().equals("/api/products") && isPost(e));
  }

  @Test
  void refusesABadPercentEscapeInTheFormAtOnce() {
    // RESTEasy's own form parser threw where no mapper saw it: the request hung (bad-input fuzz).
    for (String form : List.of("token=%zz", "token=%", "token=%4", "tok%zz=x")) {
      long start = System.nanoTime();
      Response response =
          given()
              .contentType("application/x-www-form-urlencoded")
              .body(form)
              .when()
              .post("/generate");

      assertThat(millisSince(start)).as(form).isLessThan(3_000);
      assertThat(response.statusCode()).as(form).isEqualTo(400);
      assertThat(response.contentType()).startsWith("text/html");
      assertThat(response.asString()).contains("banner-error", "bad percent-escape");
    }
    assertThat(combinerService.getAllServeEvents())
        .noneMatch(e -> e.getRequest().getUrl().equals("/api/products") && isPost(e));
  }

  @Test
  void refusesAFormWithTwoTokens() {
    Response response =
        given()
            .contentType("application/x-www-form-urlencoded")
            .body("token=first-token&token=second-token")
            .when()
            .post("/generate");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.asString()).contains("given 2 times");
    assertThat(combinerService.getAllServeEvents())
        .noneMatch(e -> e.getRequest().getUrl().equals("/api/products") && isPost(e));
  }

  @Test
  void refusesATooLongToken() {
    given()
        .contentType("application/x-www-form-urlencoded")
        .formParam("token", "t".repeat(65))
        .when()
        .post("/generate")
        .then()
        .statusCode(400);
  }

  @Test
  void formAnswers503NamingTheServiceThatIsDown() {
    floatService.stop();

    long start = System.nanoTime();
    Response response =
        given()
            .contentType("application/x-www-form-urlencoded")
            .formParam("token", "a-token")
            .when()
            .post("/generate");

    assertThat(millisSince(start)).isLessThan(3_000);
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.asString())
        .contains("The product could not be generated", "float-service is unavailable")
        .doesNotContain("Exception", "at dev.");
  }

  @Test
  void pageAnswers503NamingIntServiceWhenItIsDown() {
    intService.stop();

    String html = page("/", 503);

    assertThat(html)
        .contains("banner-error", "int-service is unavailable: connection refused")
        .contains("status-pill status-down\">DOWN")
        // The combiner's sections still show.
        .contains("<th scope=\"row\">42</th>", "Products by outcome.");
  }

  @Test
  void pageAnswers503NamingFloatServiceWhenItIsNotReady() {
    floatService.stubFor(
        get(urlEqualTo("/q/health/ready"))
            .willReturn(okJson("{\"status\":\"DOWN\"}").withStatus(503)));

    assertThat(page("/", 503)).contains("float-service is unavailable: answered HTTP 503");
  }

  @Test
  void pageAnswers503AndStillRendersWhenTheCombinerIsDown() {
    combinerService.stop();

    long start = System.nanoTime();
    String html = page("/", 503);

    assertThat(millisSince(start)).isLessThan(3_000);
    assertThat(html)
        .contains("combiner-service is unavailable")
        .contains("The history is not available", "Statistics are not available")
        .contains(">Generate</button>");
  }

  @Test
  void pageAnswers503WhenAServiceIsSlow() {
    combinerService.stubFor(
        get(urlEqualTo("/api/products/stats")).willReturn(okJson("{}").withFixedDelay(5_000)));

    long start = System.nanoTime();
    String html = page("/", 503);

    assertThat(millisSince(start)).isLessThan(3_000);
    assertThat(html).contains("combiner-service is unavailable: timed out after 700 ms");
  }

  @Test
  void servesTheStylesheet() {
    given()
        .when()
        .get("/css/app.css")
        .then()
        .statusCode(200)
        .contentType(org.hamcrest.Matchers.startsWith("text/css"));
  }

  private static String page(String path, int status) {
    Response response = given().when().get(path);
    assertThat(response.statusCode()).as("status of GET " + path).isEqualTo(status);
    assertThat(response.contentType()).startsWith("text/html");
    return response.asString();
  }

  private static String token(String html) {
    Matcher matcher = TOKEN.matcher(html);
    assertThat(matcher.find()).as("the form has a token").isTrue();
    return matcher.group(1);
  }

  private static int countOf(String text, String part) {
    int count = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      count++;
    }
    return count;
  }

  private static boolean isPost(ServeEvent event) {
    return RequestMethod.POST.equals(event.getRequest().getMethod());
  }
}
