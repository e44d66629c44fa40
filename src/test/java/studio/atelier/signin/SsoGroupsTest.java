package studio.atelier.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import studio.atelier.support.Accounts;
import studio.atelier.team.TeamApi;

/** {@code atelier.sso.mock.admin-groups=atelier-admins}, {@code team-groups.designers=design-studio:MEMBER}, {@code design-leads=…:ADMIN}. */
class SsoGroupsTest extends IdentityProviderTest {

    @Autowired
    TeamApi teams;

    /** Another enabled administrator, so the provider may take the role away (the last one always keeps it). */
    @BeforeEach
    void anotherAdministrator() {
        String name = Accounts.uniqueName("admin");
        new WebClient(port).post("/register", "/register", Map.of("username", name, "password", Accounts.PASSWORD,
                "passwordConfirm", Accounts.PASSWORD));
        jdbc.sql("update app_user set role = 'ADMIN' where username = :n").param("n", name).update();
    }

    @Test
    void groupsGiveAndTakeTheAdministratorRoleAndTeamMembershipsAtEachSignIn() {
        String subject = UUID.randomUUID().toString();
        String name = "groupie" + subject.substring(0, 6);

        nextSignIn("mock", subject, claims("preferred_username", name, "groups", List.of("atelier-admins", "designers")));
        WebClient first = new WebClient(port);
        signIn(first, "mock");
        long id = accountOf("mock", subject).orElseThrow();
        assertThat(account(id).get("role")).isEqualTo("ADMIN");
        assertThat(first.get("/admin").statusCode()).isEqualTo(200);
        assertThat(teamRole(id)).contains("MEMBER");
        String otherTeam = teams.create(id, "Made by hand " + subject.substring(0, 6));

        nextSignIn("mock", subject, claims("preferred_username", name, "groups", List.of("design-leads", "designers")));
        WebClient second = new WebClient(port);
        signIn(second, "mock");
        assertThat(account(id).get("role")).isEqualTo("USER");
        assertThat(teamRole(id)).as("the strongest role the groups give").contains("ADMIN");
        assertThat(second.get("/admin").statusCode()).isEqualTo(403);
        assertThat(first.get("/admin").statusCode()).as("the earlier session loses ADMIN at its next request").isEqualTo(403);

        nextSignIn("mock", subject, claims("preferred_username", name, "groups", List.of()));
        signIn(new WebClient(port), "mock");
        assertThat(teamRole(id)).isEmpty();
        assertThat(teams.team(id, otherTeam).role().name()).as("a team no group names is left alone").isEqualTo("OWNER");

        assertThat(auditBy("sso:mock", "USER_PROMOTED")).anyMatch(e -> e.endsWith("|" + id));
        assertThat(auditBy("sso:mock", "USER_DEMOTED")).anyMatch(e -> e.endsWith("|" + id));
        assertThat(auditBy("sso:mock", "SSO_TEAM_MEMBER_ADDED")).anyMatch(e -> e.startsWith("user=" + id + " role=MEMBER"));
        assertThat(auditBy("sso:mock", "SSO_TEAM_ROLE_CHANGED")).anyMatch(e -> e.startsWith("user=" + id + " role=ADMIN"));
        assertThat(auditBy("sso:mock", "SSO_TEAM_MEMBER_REMOVED")).anyMatch(e -> e.contains("user=" + id + " role=ADMIN"));
    }

    @Test
    void aMissingTeamIsCreatedOwnedByTheFirstAdministrator() {
        String subject = UUID.randomUUID().toString();
        nextSignIn("mock", subject, claims("preferred_username", "newteam" + subject.substring(0, 6), "groups", "designers"));
        signIn(new WebClient(port), "mock");
        long owner = jdbc.sql("select min(id) from app_user where role = 'ADMIN' and enabled = true").query(Long.class).single();
        String ownerRole = jdbc.sql("select m.role from team_member m join team t on t.id = m.team_id where t.slug = 'design-studio' "
                + "and m.user_id = :u").param("u", owner).query(String.class).single();
        assertThat(ownerRole).isEqualTo("OWNER");
        assertThat(teamRole(accountOf("mock", subject).orElseThrow())).contains("MEMBER");
    }

    private Optional<String> teamRole(long userId) {
        return jdbc.sql("select m.role from team_member m join team t on t.id = m.team_id where t.slug = 'design-studio' and m.user_id = :u")
                .param("u", userId).query(String.class).optional();
    }
}
