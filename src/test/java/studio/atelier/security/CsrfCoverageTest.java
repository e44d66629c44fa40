package studio.atelier.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import studio.atelier.support.Accounts;
import studio.atelier.support.PostgresTest;

/**
 * Every state-changing handler the application has, found from its own mappings (so a new endpoint is covered
 * the day it is written), refuses a request without a CSRF token, even from a signed-in administrator.
 */
@PostgresTest
class CsrfCoverageTest {

    private static final Set<RequestMethod> STATE_CHANGING = Set.of(RequestMethod.POST, RequestMethod.PUT,
            RequestMethod.PATCH, RequestMethod.DELETE);

    @Autowired
    MockMvc mvc;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyStateChangingEndpointRefusesARequestWithoutAToken() throws Exception {
        // whoever registers first in this database is an administrator: admin routes are reached too
        MockHttpSession session = Accounts.signUpAndIn(mvc, Accounts.uniqueName("csrf"));
        List<String> checked = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            Set<RequestMethod> toTry = methods.isEmpty() ? STATE_CHANGING : methods;
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/demo/v1")) {
                    continue; // the built-in gateway: a Bearer-key API like a real gateway, not a browser form
                }
                for (RequestMethod method : toTry) {
                    if (!STATE_CHANGING.contains(method)) {
                        continue;
                    }
                    String url = pattern.replaceAll("\\{[^}]+}", "1");
                    int status = mvc.perform(request(HttpMethod.valueOf(method.name()), url).session(session)
                            .header("HX-Request", "true")).andReturn().getResponse().getStatus();
                    assertThat(status).as("%s %s without a CSRF token", method, url).isEqualTo(403);
                    checked.add(method + " " + url);
                }
            }
        }
        for (String url : List.of("/logout", "/login")) {
            assertThat(mvc.perform(request(HttpMethod.POST, url).session(session)).andReturn().getResponse().getStatus())
                    .as("POST %s without a CSRF token", url).isEqualTo(403);
        }
        assertThat(checked).contains("POST /generations", "POST /keys", "POST /register", "POST /account/password",
                "POST /account/two-factor", "POST /account/two-factor/remove", "POST /login/code");
    }
}
