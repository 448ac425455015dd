package dev.generatorsuite.frontend.api;

import dev.generatorsuite.commons.problem.ProblemException;
import dev.generatorsuite.frontend.domain.DashboardService;
import dev.generatorsuite.frontend.domain.DownstreamRejectedException;
import dev.generatorsuite.frontend.domain.GenerateService;
import dev.generatorsuite.frontend.domain.IdempotencyKeys;
import dev.generatorsuite.frontend.domain.JobsService;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The web page. Works without JavaScript: a form posts to {@code /generate}, which redirects back
 * (Post/Redirect/Get) so a reload never submits twice. When a downstream service is down the page
 * still renders, names it, and answers 503.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class PageResource {

  /** Shown after a second submit of the same form: its product was stored once, by the first. */
  static final String NOTICE_ALREADY_SUBMITTED = "already-submitted";

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance index(PageView view, JobsView jobs);
  }

  private final DashboardService dashboardService;
  private final GenerateService generateService;
  private final JobsService jobsService;
  private final String appVersion;

  public PageResource(
      DashboardService dashboardService,
      GenerateService generateService,
      JobsService jobsService,
      @ConfigProperty(name = "quarkus.application.version") String appVersion) {
    this.dashboardService = dashboardService;
    this.generateService = generateService;
    this.jobsService = jobsService;
    this.appVersion = appVersion;
  }

  @GET
  @Operation(hidden = true)
  public Uni<Response> page(
      @QueryParam("page") @DefaultValue("0") int page,
      @QueryParam("product") String product,
      @QueryParam("notice") String notice) {
    List<PageView.Banner> banners =
        NOTICE_ALREADY_SUBMITTED.equals(notice)
            ? List.of(
                PageView.Banner.info(
                    "Already submitted",
                    product == null
                        ? "That form had already been sent. Its product was stored once and is"
                            + " in the history below."
                        : "That form had already been sent. This is the product it stored;"
                            + " nothing new was stored."))
            : List.of();
    return render(page, product, banners, null);
  }

  /**
   * The form is read as text and decoded here, not with {@code @FormParam}: RESTEasy's form parser
   * throws on a bad percent-escape ({@code token=%zz}) where no exception mapper sees it, and the
   * request then hangs until the client gives up.
   */
  @POST
  @Path("generate")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  @Operation(hidden = true)
  public Uni<Response> generate(String form) {
    return generateService
        .generateWithToken(FormFields.single(form, "token", "The form's token"))
        .map(
            generated ->
                // A double submit of the form shows the product its token stored, and says so.
                seeOther(
                    "/?product="
                        + encode(generated.product().idText())
                        + (generated.replayed() ? "&notice=" + NOTICE_ALREADY_SUBMITTED : "")));
  }

  /**
   * Errors of this page become the page again, with a banner and the error's status, instead of a
   * problem document: the reader is a person with a browser.
   */
  @ServerExceptionMapper
  public Uni<Response> mapProblem(ProblemException e) {
    if (e instanceof DownstreamRejectedException && e.status() == 409) {
      // The combiner already holds a product for this token with other values: a double submit.
      return Uni.createFrom().item(seeOther("/?notice=" + NOTICE_ALREADY_SUBMITTED));
    }
    String title = e.status() >= 500 ? "The product could not be generated" : "Nothing generated";
    return render(0, null, List.of(PageView.Banner.error(title, List.of(e.getMessage()))), e);
  }

  private Uni<Response> render(
      int page, String product, List<PageView.Banner> banners, ProblemException error) {
    return Uni.combine()
        .all()
        .unis(dashboardService.load(page, product), jobsService.overview())
        .asTuple()
        .chain(
            loaded -> {
              var dashboard = loaded.getItem1();
              PageView view =
                  PageView.of(dashboard, IdempotencyKeys.fresh(), banners, product, appVersion);
              int status = error != null ? error.status() : dashboard.degraded() ? 503 : 200;
              return Templates.index(view, JobsView.of(loaded.getItem2()))
                  .createUni()
                  .map(
                      html ->
                          Response.status(status)
                              .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                              .header(HttpHeaders.CACHE_CONTROL, "no-store")
                              .entity(html)
                              .build());
            });
  }

  /** A relative Location, so the redirect keeps the scheme and host the browser used (TLS). */
  private static Response seeOther(String location) {
    return Response.status(Response.Status.SEE_OTHER)
        .header(HttpHeaders.LOCATION, location)
        .build();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
