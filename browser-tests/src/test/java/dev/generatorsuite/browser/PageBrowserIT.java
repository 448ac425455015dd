package dev.generatorsuite.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser (headless Chromium from Debian's packages) against the running
 * product, as a person uses it: press Generate, see the new product and a longer history; with a
 * downstream service stopped, the page names it. Screenshots go to target/screenshots.
 *
 * <p>System properties (set by the pom from {@code -Dbrowser.*}): {@code browser.baseUrl} (e.g.
 * https://localhost; the self-signed certificate is accepted), {@code browser.stack} (the Swarm
 * stack; without it the test that stops a service is skipped), {@code browser.chromium}, {@code
 * browser.chromedriver} (Selenium Manager cannot download drivers offline: both are given).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PageBrowserIT {

  private static final Pattern TOTAL = Pattern.compile("([\\d,]+) in total");
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static final String BASE_URL = System.getProperty("browser.baseUrl", "").trim();
  private static final String STACK = System.getProperty("browser.stack", "").trim();
  private static final Path SCREENSHOTS =
      Path.of(System.getProperty("browser.screenshots", "target/screenshots"));

  private static WebDriver driver;

  @BeforeAll
  static void startChromium() throws IOException {
    assertThat(BASE_URL).as("-Dbrowser.baseUrl").isNotEmpty();
    Files.createDirectories(SCREENSHOTS);
    String chromedriver = System.getProperty("browser.chromedriver", "/usr/bin/chromedriver");
    // Both paths given: Selenium Manager (which would download a driver) is never asked.
    System.setProperty("webdriver.chrome.driver", chromedriver);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(System.getProperty("browser.chromium", "/usr/bin/chromium"));
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // runs as root in CI
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--force-device-scale-factor=1",
        "--window-size=1280,1400");
    options.setAcceptInsecureCerts(true); // the stack's self-signed certificate
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of(chromedriver).toFile())
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(WAIT);
  }

  @AfterAll
  static void stopChromium() {
    if (driver != null) {
      driver.quit();
    }
  }

  @Test
  @Order(1)
  void generateShowsTheNewProductAndALongerHistory() throws IOException {
    openWhenComplete(BASE_URL + "/");
    assertThat(driver.getTitle()).isEqualTo("Generator suite");
    long before = historyTotal();

    // The keyboard way: focus the button and press Enter.
    WebElement generate = driver.findElement(By.cssSelector("form.generate-form button"));
    assertThat(generate.getText()).isEqualTo("Generate");
    generate.sendKeys(Keys.ENTER);

    new WebDriverWait(driver, WAIT).until(d -> d.getCurrentUrl().contains("?product="));
    String id = driver.getCurrentUrl().replaceAll(".*[?&]product=([^&]+).*", "$1");
    openWhenComplete(driver.getCurrentUrl());
    assertThat(text(".featured-label")).isEqualToIgnoringCase("Just generated");
    assertThat(text(".featured-value")).isNotBlank();
    assertThat(text(".featured .badge")).isIn("MISS", "HIT", "CRIT");
    assertThat(historyTotal()).isGreaterThan(before);
    WebElement highlighted = driver.findElement(By.cssSelector("tbody tr.highlight th"));
    assertThat(highlighted.getText().trim()).isEqualTo(id);
    // The charts and the status panel of all four services.
    assertThat(driver.findElements(By.cssSelector("svg[role=img]"))).hasSizeGreaterThanOrEqualTo(2);
    assertThat(serviceStates())
        .containsExactly(
            "frontend-service UP", "int-service UP", "float-service UP", "combiner-service UP");
    screenshot("page.png");
  }

  @Test
  @Order(2)
  void fitsAPhoneScreenWithoutSideways() throws IOException {
    Dimension desktop = driver.manage().window().getSize();
    try {
      driver.manage().window().setSize(new Dimension(390, 844));
      openWhenComplete(BASE_URL + "/");
      // Measured only: the page itself runs no script.
      Object overflow =
          ((JavascriptExecutor) driver)
              .executeScript(
                  "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
      assertThat(((Number) overflow).longValue())
          .as("horizontal overflow in px")
          .isLessThanOrEqualTo(0);
      assertThat(driver.findElement(By.cssSelector("form.generate-form button")).isDisplayed())
          .isTrue();
      screenshot("page-phone.png");
    } finally {
      driver.manage().window().setSize(desktop);
    }
  }

  @Test
  @Order(3)
  void namesADownstreamServiceThatIsStopped() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse(STACK.isEmpty(), "no -Dbrowser.stack given");
    String service = STACK + "_int-service";
    String replicas =
        docker("service", "inspect", "-f", "{{.Spec.Mode.Replicated.Replicas}}", service);
    long start = System.nanoTime();
    try {
      docker("service", "scale", "--detach=true", service + "=0");
      new WebDriverWait(driver, Duration.ofSeconds(90), Duration.ofSeconds(2))
          .until(
              d -> {
                d.get(BASE_URL + "/");
                // The banner, not just the text: the jobs section may quote an older failure.
                return d.findElements(By.cssSelector(".banner-error")).stream()
                    .anyMatch(e -> e.getText().contains("int-service is unavailable"));
              });
      System.out.printf(
          "browser: the page named int-service %d s after it was scaled to 0%n",
          Duration.ofNanos(System.nanoTime() - start).toSeconds());
      assertThat(text(".banner-error")).contains("int-service is unavailable");
      assertThat(serviceStates()).contains("int-service DOWN", "combiner-service UP");
      screenshot("page-int-service-down.png");
    } finally {
      docker("service", "scale", "--detach=true", service + "=" + replicas);
    }
    long back = System.nanoTime();
    new WebDriverWait(driver, Duration.ofSeconds(150), Duration.ofSeconds(2))
        .until(
            d -> {
              d.get(BASE_URL + "/");
              return serviceStates().contains("int-service UP")
                  && d.findElements(By.cssSelector(".banner-error")).isEmpty();
            });
    System.out.printf(
        "browser: the page showed int-service UP again %d s after it was scaled back%n",
        Duration.ofNanos(System.nanoTime() - back).toSeconds());
  }

  /**
   * Opens a page and reloads it (bounded) until every section is filled: right after a deployment
   * the first answers of cold services can miss the frontend's timeouts, and the page then shows
   * them as unavailable, as it should. Already loaded and complete: no reload.
   */
  private static void openWhenComplete(String url) {
    if (!driver.getCurrentUrl().equals(url) || !complete(driver)) {
      new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofSeconds(2))
          .until(
              d -> {
                d.get(url);
                return complete(d);
              });
    }
  }

  private static boolean complete(WebDriver d) {
    return d.findElements(By.cssSelector(".banner-error")).isEmpty()
        && !d.findElements(By.cssSelector("table caption")).isEmpty();
  }

  private static long historyTotal() {
    Matcher m = TOTAL.matcher(text("table caption"));
    assertThat(m.find()).as("the history caption gives a total").isTrue();
    return Long.parseLong(m.group(1).replace(",", ""));
  }

  private static List<String> serviceStates() {
    return driver.findElements(By.cssSelector("ul.services li")).stream()
        .map(
            li ->
                li.findElement(By.cssSelector(".service-name")).getText()
                    + " "
                    + li.findElement(By.cssSelector(".status-pill")).getText())
        .toList();
  }

  private static String text(String css) {
    return driver.findElement(By.cssSelector(css)).getText();
  }

  /** The whole page: the window grows to the page's height for the picture, then shrinks back. */
  private static void screenshot(String name) throws IOException {
    Dimension size = driver.manage().window().getSize();
    Number height =
        (Number)
            ((JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollHeight;");
    try {
      driver
          .manage()
          .window()
          .setSize(
              new Dimension(size.getWidth(), Math.max(size.getHeight(), height.intValue() + 140)));
      Path file = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(file, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      System.out.println("browser: screenshot " + SCREENSHOTS.resolve(name));
    } finally {
      driver.manage().window().setSize(size);
    }
  }

  private static String docker(String... args) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(concat("docker", args)).redirectErrorStream(true);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes()).trim();
    assertThat(process.waitFor()).as("docker " + String.join(" ", args) + ": " + out).isZero();
    return out;
  }

  private static List<String> concat(String first, String... rest) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), List.of(rest).stream())
        .toList();
  }
}
