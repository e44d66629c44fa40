package studio.atelier.team;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TeamSlugTest {

    @Test
    void slugsAreLowerCaseAsciiWithDashes() {
        assertThat(TeamApi.slugOf("Design Team")).isEqualTo("design-team");
        assertThat(TeamApi.slugOf("  Café  Crème!! ")).isEqualTo("cafe-creme");
        assertThat(TeamApi.slugOf("设计团队")).isEqualTo("team");
        assertThat(TeamApi.slugOf("a".repeat(100))).hasSize(60);
    }

    @Test
    void tokensAreStoredAsTheirSha256() {
        assertThat(TeamInvitations.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
