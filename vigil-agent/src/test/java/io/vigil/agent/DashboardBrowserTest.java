package io.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.agent.config.ConfigDocument;
import io.vigil.agent.config.ConfigLoader;
import io.vigil.checks.CheckTypeContext;
import io.vigil.checks.Heartbeats;
import io.vigil.checks.system.LocalChecks;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in Debian's Chromium against an agent in this JVM with the default local checks, a
 * critical heartbeat check the test turns CRITICAL, the alerts module and a cluster of three
 * heartbeat nodes. One browser for every test, in order: the page's state carries from one to the
 * next.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class DashboardBrowserTest {

  private static final String TOKEN = "tok3n-canary-5d1f8e";
  private static final String CANARY_CHECK = "canary-check-9b1e";
  private static final String ROW = "tr[data-check=\"%s\"]";

  private Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private Browser browser;
  private Agent agent;
  private Agent tokenAgent;
  private int port;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("vigil-dashboard-");
    agent = startAgent(dir.resolve("a"), 0, Optional.empty(), true);
    port = agent.port();
    beat(port, "payments", "ok");
    browser = Browser.start();
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    for (Agent a : new Agent[] {agent, tokenAgent}) {
      if (a != null) {
        a.close();
      }
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** An agent with the local checks and a heartbeat check; {@code cluster}: three nodes too. */
  private Agent startAgent(Path data, int port, Optional<String> token, boolean cluster)
      throws Exception {
    Files.createDirectories(data);
    Heartbeats heartbeats = new Heartbeats();
    ConfigLoader loader = ConfigLoader.standard(new CheckTypeContext(heartbeats));
    Map<String, Object> server = new LinkedHashMap<>(Map.of("port", port, "drain", "0s"));
    token.ifPresent(t -> server.put("token", t));
    List<Object> checks = new ArrayList<>(LocalChecks.entries());
    for (String name :
        token.isPresent() ? List.of("payments", CANARY_CHECK) : List.of("payments")) {
      checks.add(
          Map.of(
              "name",
              name,
              "type",
              "heartbeat",
              "ttl",
              "1h",
              "critical",
              true,
              "failureThreshold",
              1,
              "component",
              "shop",
              "tags",
              List.of("api")));
    }
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("server", server);
    tree.put("healing", Map.of("directory", data.toString()));
    tree.put("checks", checks);
    if (cluster) {
      List<Object> nodes = new ArrayList<>();
      for (String id : List.of("n1", "n2", "n3")) {
        nodes.add(Map.of("id", id, "address", "127.0.0.1:1"));
      }
      tree.put(
          "cluster",
          Map.of("detector", "heartbeat", "shards", 8, "replicationFactor", 2, "nodes", nodes));
    }
    ConfigDocument document = new ConfigDocument(Optional.empty(), tree);
    return Agent.start(loader, document, loader.server(document), heartbeats);
  }

  private HttpResponse<String> send(
      int port, String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void beat(int port, String check, String status, String... headers) throws Exception {
    assertThat(
            send(
                    port,
                    "POST",
                    "/api/heartbeat/" + check,
                    "{\"status\":\"" + status + "\"}",
                    headers)
                .statusCode())
        .isEqualTo(200);
  }

  private WebElement row(String check) {
    return browser.driver.findElement(By.cssSelector(ROW.formatted(check)));
  }

  @Test
  @Order(1)
  void loadsWithTheDefaultChecks() {
    browser.driver.get("http://127.0.0.1:" + port + "/");
    browser.until(Duration.ofSeconds(15), "return document.body.dataset.connection === 'up'");
    for (String check : List.of("cpu", "memory", "load", "jvm", "payments", "store")) {
      assertThat(row(check).isDisplayed()).as(check).isTrue();
    }
    assertThat(browser.driver.findElement(By.id("login")).isDisplayed()).isFalse();
    assertThat(browser.driver.findElement(By.id("sys-status")).getText())
        .matches("[✓!✕?…■] (HEALTHY|DEGRADED|UNHEALTHY|STARTING)");
    browser.until(Duration.ofSeconds(10), "return !!document.body.dataset.barsAt");
    assertThat(row("memory").findElement(By.cssSelector(".bar")).getAttribute("aria-label"))
        .startsWith("90 minutes:")
        .contains("ok");
  }

  @Test
  @Order(2)
  void aCheckTurnedCriticalTurnsRedWithinTwoSeconds_withoutAReload() throws Exception {
    browser.js("window.vigilNoReload = 42");
    assertThat(row("payments").findElement(By.cssSelector(".badge")).getText()).isEqualTo("✓ OK");
    long t0 = System.nanoTime();
    beat(port, "payments", "critical");
    browser.until(
        Duration.ofSeconds(2),
        "const b = document.querySelector(arguments[0]);"
            + " return b.textContent === '✕ CRITICAL' && b.classList.contains('s-critical')",
        ROW.formatted("payments") + " .badge");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(ms).isLessThan(2000);
    String red =
        (String)
            browser.js(
                "return getComputedStyle(document.querySelector(arguments[0])).backgroundColor",
                ROW.formatted("payments") + " .badge");
    assertThat(red).isEqualTo("rgb(207, 34, 46)"); // --critical in the light scheme
    assertThat(browser.js("return window.vigilNoReload")).isEqualTo(42L);
    browser.until(
        Duration.ofSeconds(5),
        "return document.getElementById('sys-status').textContent.includes('UNHEALTHY')");
  }

  @Test
  @Order(3)
  void panelsAppearForTheModulesThatExist() throws Exception {
    browser.until(Duration.ofSeconds(5), "return !document.getElementById('alerts-panel').hidden");
    // the real alerts module opens payments' alert just after its hard failure: a panels event
    browser.until(
        Duration.ofSeconds(5),
        "const t = document.getElementById('alerts-body').textContent;"
            + " return t.includes('CRITICAL') && t.includes('payments')");
    browser.until(Duration.ofSeconds(5), "return !document.getElementById('cluster-panel').hidden");
    for (String node : List.of("n1", "n2", "n3")) {
      send(port, "POST", "/api/cluster/heartbeat/" + node, "");
    }
    browser.until(
        Duration.ofSeconds(10),
        "const t = document.getElementById('cluster-body').textContent;"
            + " return t.includes('n3') && t.includes('HEALTHY') && t.includes('Routing: epoch')");
    assertThat(browser.driver.findElement(By.id("tasks-panel")).isDisplayed()).isTrue();
    assertThat(browser.driver.findElement(By.id("healing-panel")).isDisplayed())
        .as("no recovery ladder: /api/dashboard/healing answers 404")
        .isFalse();
  }

  @Test
  @Order(4)
  void aSilenceCreatedInThePageIsInTheApi() throws Exception {
    browser.driver.findElement(By.id("s-check")).sendKeys("payments");
    browser.driver.findElement(By.id("s-comment")).sendKeys("deploying the new gateway");
    browser.driver.findElement(By.cssSelector("#silence-form button")).click();
    browser.until(Duration.ofSeconds(5), "return !!document.body.dataset.silenceCreated");

    HttpResponse<String> silences = send(port, "GET", "/api/silences", "");
    assertThat(silences.statusCode()).isEqualTo(200);
    assertThat(silences.body())
        .contains("\"name\":\"check\"", "\"value\":\"payments\"", "deploying the new gateway")
        .contains("\"createdBy\":\"dashboard\"", "\"state\":\"active\"");
    browser.until(
        Duration.ofSeconds(5),
        "return document.getElementById('silences-body').textContent.includes('deploying')");
  }

  @Test
  @Order(5)
  void theCheckPageShowsItsChart_andRunsTheCheckNow() {
    row("memory").findElement(By.linkText("memory")).click();
    browser.until(Duration.ofSeconds(10), "return !!document.querySelector('#c-chart canvas')");
    browser.until(Duration.ofSeconds(5), "return !!document.body.dataset.chartAt");
    assertThat(browser.driver.findElement(By.id("c-name")).getText()).isEqualTo("memory");
    assertThat(browser.driver.findElement(By.id("c-uptime")).getText())
        .contains("uptime 1h:", "uptime 24h:", "uptime 7d:", "uptime 30d:");
    assertThat(browser.driver.findElement(By.id("c-strip")).getAttribute("aria-label"))
        .startsWith("status over 24h: 96 slots");
    assertThat(browser.driver.findElement(By.id("c-source")).getText()).contains("store");

    browser.driver.findElement(By.id("c-run")).click();
    browser.until(
        Duration.ofSeconds(15),
        "return document.getElementById('c-run-result').textContent.startsWith('Ran: ')");
    browser.driver.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
    browser.until(Duration.ofSeconds(5), "return !document.getElementById('list-view').hidden");
  }

  @Test
  @Order(6)
  void worksWithTheKeyboard() {
    browser.driver.get("http://127.0.0.1:" + port + "/#/");
    browser.until(Duration.ofSeconds(15), "return document.body.dataset.connection === 'up'");
    WebElement body = browser.driver.findElement(By.tagName("body"));
    body.click();
    for (int i = 0; i < 60; i++) {
      String href = browser.driver.switchTo().activeElement().getAttribute("href");
      if (href != null && href.contains("#/check/")) {
        break;
      }
      browser.driver.switchTo().activeElement().sendKeys(Keys.TAB);
    }
    WebElement link = browser.driver.switchTo().activeElement();
    assertThat(link.getAttribute("href")).contains("#/check/");
    String name = link.getText();
    link.sendKeys(Keys.ENTER);
    browser.until(Duration.ofSeconds(5), "return !document.getElementById('check-view').hidden");
    assertThat(browser.driver.findElement(By.id("c-name")).getText()).isEqualTo(name);
    browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    browser.until(Duration.ofSeconds(5), "return !document.getElementById('list-view').hidden");
  }

  /** Every visible text, badge and link has a contrast of at least 4.5:1 (WCAG AA). */
  private static final String CONTRAST =
      """
      const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
          v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
      const bgOf = e => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
          if (c && c !== 'transparent' && !c.startsWith('rgba(0, 0, 0, 0)')) return c; }
        return 'rgb(255, 255, 255)'; };
      const low = [];
      for (const e of document.querySelectorAll('.badge, .muted, a, td, th, h1, h2, h3, p, label, button')) {
        if (!e.offsetParent || !e.textContent.trim()) continue;
        const a = lum(getComputedStyle(e).color), b = lum(bgOf(e));
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        if (ratio < 4.5) low.push(e.tagName + '.' + e.className + ' "' + e.textContent.slice(0, 20) + '" ' + ratio.toFixed(2));
      }
      return low;
      """;

  @Test
  @Order(7)
  void followsTheSystemColourScheme_withReadableContrastInBoth() {
    browser.colourScheme("dark");
    browser.until(
        Duration.ofSeconds(5),
        "return getComputedStyle(document.body).backgroundColor === 'rgb(13, 17, 23)'");
    assertThat((List<?>) browser.js(CONTRAST)).as("low contrast in the dark scheme").isEmpty();
    browser.colourScheme("light");
    browser.until(
        Duration.ofSeconds(5),
        "return getComputedStyle(document.body).backgroundColor === 'rgb(255, 255, 255)'");
    assertThat((List<?>) browser.js(CONTRAST)).as("low contrast in the light scheme").isEmpty();
    assertThat(row("payments").findElement(By.cssSelector(".badge")).getText())
        .as("the status is a word and a symbol, not only a colour")
        .isEqualTo("✕ CRITICAL");
  }

  @Test
  @Order(8)
  void aScreenshotShowsTheDashboard() throws Exception {
    browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1400));
    browser.until(Duration.ofSeconds(10), "return !!document.body.dataset.barsAt");
    byte[] png = browser.driver.getScreenshotAs(OutputType.BYTES);
    Path file = Path.of("target", "dashboard.png");
    Files.write(file, png);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isGreaterThanOrEqualTo(1000);
    assertThat(colours(image))
        .as("colours in the screenshot (an empty page has 1)")
        .isGreaterThan(50);
    assertThat(hasPixel(image, 0xcf222e)).as("the critical check's red badge is in it").isTrue();
    assertThat(browser.driver.getPageSource()).doesNotContain("Not Found", "Internal Server Error");
  }

  private static int colours(BufferedImage image) {
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        seen.add(image.getRGB(x, y) & 0xffffff);
      }
    }
    return seen.size();
  }

  private static boolean hasPixel(BufferedImage image, int rgb) {
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if ((image.getRGB(x, y) & 0xffffff) == rgb) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  @Order(9)
  void showsWhenDisconnected_andRecoversAfterTheAgentRestarts() throws Exception {
    agent.close();
    agent = null;
    browser.until(Duration.ofSeconds(10), "return document.body.dataset.connection === 'down'");
    assertThat(browser.driver.findElement(By.id("conn")).getText()).startsWith("Disconnected");
    agent = startAgent(dir.resolve("a"), port, Optional.empty(), true);
    browser.until(Duration.ofSeconds(20), "return document.body.dataset.connection === 'up'");
    assertThat(browser.driver.findElement(By.id("conn")).isDisplayed()).isFalse();
    assertThat(row("memory").isDisplayed()).isTrue();
  }

  @Test
  @Order(10)
  void withAToken_thePageAsksForIt_andShowsNothingWithoutIt() throws Exception {
    tokenAgent = startAgent(dir.resolve("b"), 0, Optional.of(TOKEN), false);
    int tokenPort = tokenAgent.port();
    browser.driver.get("http://127.0.0.1:" + tokenPort + "/");
    browser.until(Duration.ofSeconds(10), "return !document.getElementById('login').hidden");
    assertThat(browser.driver.findElement(By.id("main")).isDisplayed()).isFalse();
    assertThat(browser.driver.getPageSource()).doesNotContain(CANARY_CHECK, "disk-", "payments");

    // everything the page fetched, fetched again without the token, reveals nothing
    @SuppressWarnings("unchecked")
    List<String> urls =
        (List<String>)
            browser.js("return performance.getEntriesByType('resource').map(e => e.name)");
    assertThat(urls).anyMatch(u -> u.contains("/api/dashboard/events"));
    for (String url : urls) {
      assertThat(url).doesNotContain(TOKEN);
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).as(url).doesNotContain(CANARY_CHECK, "payments", "\"checks\"");
    }
    HttpResponse<String> events =
        send(tokenPort, "GET", "/api/dashboard/events", "", "Accept", "text/event-stream");
    assertThat(events.statusCode()).isEqualTo(401);
    assertThat(events.body()).doesNotContain(CANARY_CHECK);

    browser.driver.findElement(By.id("token")).sendKeys("not-the-token");
    browser.driver.findElement(By.cssSelector("#login-form button")).click();
    browser.until(
        Duration.ofSeconds(10), "return document.getElementById('login-error').textContent !== ''");
    assertThat(browser.driver.getPageSource()).doesNotContain(CANARY_CHECK);

    browser.driver.findElement(By.id("token")).sendKeys(TOKEN);
    browser.driver.findElement(By.cssSelector("#login-form button")).click();
    browser.until(Duration.ofSeconds(10), "return document.body.dataset.connection === 'up'");
    assertThat(row(CANARY_CHECK).isDisplayed()).isTrue();
    browser.until(Duration.ofSeconds(5), "return !document.getElementById('tasks-panel').hidden");
    browser.until(Duration.ofSeconds(5), "return !document.getElementById('alerts-panel').hidden");
    assertThat(browser.driver.findElement(By.id("cluster-panel")).isDisplayed()).isFalse();
    @SuppressWarnings("unchecked")
    List<String> after =
        (List<String>)
            browser.js("return performance.getEntriesByType('resource').map(e => e.name)");
    assertThat(after).noneMatch(u -> u.contains(TOKEN));
  }
}
