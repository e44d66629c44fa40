package studio.atelier.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.web.servlet.MockMvc;

import studio.atelier.account.AccountAdmin;
import studio.atelier.account.AccountApi;
import studio.atelier.keys.ApiKeyService;
import studio.atelier.audit.Actor;
import studio.atelier.generation.GenerationReview;
import studio.atelier.shared.Role;
import studio.atelier.support.Accounts;
import studio.atelier.support.GatewayTest;
import studio.atelier.usage.Limits;
import studio.atelier.usage.UsageAdmin;

/**
 * Administrators' operations check the caller's role where the work is done, not only in the URL rules: called by a
 * signed-in person who is not an administrator, or with nobody signed in, they refuse and change nothing.
 */
@GatewayTest
class AdminOperationsCheckTheCallerTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    AccountAdmin accountAdmin;
    @Autowired
    AccountApi accounts;
    @Autowired
    UsageAdmin usage;
    @Autowired
    GenerationReview review;
    @Autowired
    AdminUsageActions actions;
    @Autowired
    ApiKeyService keys;

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aPersonWhoIsNotAnAdministratorCannotPromoteThemselvesThroughAnyRoute() throws Exception {
        Accounts.signUpAndIn(mvc, Accounts.uniqueName("first")); // the first account of a new database is its administrator
        String name = Accounts.uniqueName("climber");
        long id = Accounts.idOf(Accounts.signUpAndIn(mvc, name));
        Actor self = new Actor(id, name, "127.0.0.1");

        assertThatThrownBy(() -> accountAdmin.setRole(self, id, Role.ADMIN, "no one signed in"))
                .isInstanceOf(AuthenticationCredentialsNotFoundException.class);

        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(name, null,
                List.of(new SimpleGrantedAuthority("ROLE_USER"))));
        for (ThrowingCall call : List.<ThrowingCall>of(
                () -> accountAdmin.setRole(self, id, Role.ADMIN, "self-promotion"),
                () -> accountAdmin.setEnabled(self, id, false, "x"),
                () -> accountAdmin.resetPassword(self, id, "x"),
                () -> accountAdmin.setRegistrationOpen(self, false),
                () -> usage.setQuota(id, Limits.unlimited()),
                () -> actions.setDefaultQuota(self, new Limits(1, null, null)),
                () -> review.hide(self, 1L, "x"),
                () -> keys.reencryptAll())) {
            assertThatThrownBy(call::run).isInstanceOf(AccessDeniedException.class);
        }
        assertThat(accounts.find(id).orElseThrow().role()).isEqualTo(Role.USER);
    }

    @Test
    void anAdministratorsCallGoesThrough() {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated("root", null,
                List.of(new SimpleGrantedAuthority("ROLE_ADMIN"))));
        assertThat(usage.currentPrice("no-such-provider", "m").perCall()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }
}
