package studio.atelier.signin;

import java.util.List;
import java.util.Map;

/**
 * What one identity provider ({@code atelier.sso.<registration-id>.*}) decides beyond who the person is: whether an
 * existing account may be taken over by a verified e-mail address, and which groups make administrators and team
 * members ({@code team-groups.<group>=<team-slug>:<ROLE>}).
 */
record ProviderRules(boolean linkByVerifiedEmail, String groupsClaim, List<String> adminGroups, Map<String, String> teamGroups) {

    static final ProviderRules NONE = new ProviderRules(false, null, null, null);

    ProviderRules {
        groupsClaim = groupsClaim == null || groupsClaim.isBlank() ? "groups" : groupsClaim.strip();
        adminGroups = adminGroups == null ? List.of() : adminGroups.stream().map(String::strip).filter(g -> !g.isEmpty()).toList();
        teamGroups = teamGroups == null ? Map.of() : Map.copyOf(teamGroups);
    }
}
