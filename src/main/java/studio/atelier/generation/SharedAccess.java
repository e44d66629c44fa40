package studio.atelier.generation;

import java.util.List;

/**
 * What other modules (teams) say about generations a person does not own: whether they may see one, and which
 * teams they may generate as. Implemented outside this module and optional: without an implementation only
 * owners see their generations.
 */
public interface SharedAccess {

    /** A team as the generate form and share forms list it. */
    record TeamChoice(long id, String name, boolean selected) {
    }

    /** Whether {@code viewerId} may see generation {@code generationId} though it is not theirs. */
    boolean canView(long viewerId, long generationId);

    /** Whether {@code userId} may generate as team {@code teamId} with that team's key for {@code providerId}. */
    boolean mayGenerateAs(long userId, long teamId, String providerId);

    /** The teams {@code userId} may generate as for this provider. */
    List<TeamChoice> teamsToGenerateAs(long userId, String providerId);

    /** The teams {@code userId} may share generation {@code generationId} with, marked when already shared. */
    List<TeamChoice> shareTargets(long userId, long generationId);

    /** The teams {@code userId} may share their generations with (for bulk sharing). */
    List<TeamChoice> shareTargets(long userId);
}
