package studio.atelier.support;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import studio.atelier.shared.AtelierPrincipal;

/** Registers and signs in people through the real forms, the way a browser does. */
public final class Accounts {

    public static final String PASSWORD = "Violet-Harbour-42";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Accounts() {
    }

    public static String uniqueName(String prefix) {
        return prefix + SEQUENCE.incrementAndGet() + "_" + Long.toString(System.nanoTime() % 100000, 36);
    }

    public static void register(MockMvc mvc, String username) throws Exception {
        MvcResult result = mvc.perform(MockMvcRequestBuilders.post("/register").with(csrf())
                .param("username", username).param("password", PASSWORD).param("passwordConfirm", PASSWORD))
                .andReturn();
        if (result.getResponse().getStatus() != 302) {
            throw new IllegalStateException("registration of " + username + " failed: " + result.getResponse().getContentAsString());
        }
    }

    /** @return a session signed in as the given (new) user */
    public static MockHttpSession signUpAndIn(MockMvc mvc, String username) throws Exception {
        register(mvc, username);
        return signIn(mvc, username, PASSWORD);
    }

    public static MockHttpSession signIn(MockMvc mvc, String username, String password) throws Exception {
        MvcResult result = mvc.perform(MockMvcRequestBuilders.post("/login").with(csrf())
                .param("username", username).param("password", password)).andReturn();
        String location = result.getResponse().getRedirectedUrl();
        if (location == null || location.contains("/login")) {
            throw new IllegalStateException("sign-in of " + username + " failed: " + location);
        }
        return (MockHttpSession) result.getRequest().getSession(false);
    }

    /**
     * The same person signed in again (with {@link #PASSWORD}): after a change that ends their sessions, such as the
     * demotion of what was the database's first account.
     */
    public static MockHttpSession signInAgain(MockMvc mvc, MockHttpSession session) throws Exception {
        SecurityContext context = (SecurityContext) MockSessions.attribute(session, "SPRING_SECURITY_CONTEXT");
        return signIn(mvc, ((AtelierPrincipal) context.getAuthentication().getPrincipal()).getUsername(), PASSWORD);
    }

    /** The signed-in person's account id, as the session holds it. */
    public static long idOf(MockHttpSession session) {
        SecurityContext context = (SecurityContext) MockSessions.attribute(session, "SPRING_SECURITY_CONTEXT");
        return ((AtelierPrincipal) context.getAuthentication().getPrincipal()).id();
    }
}
