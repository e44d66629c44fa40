package studio.atelier.generation;

import java.util.Optional;

/**
 * A check that may refuse a new generation before it is queued (quotas and budgets). Implemented by another module
 * (usage) so that generation does not depend on it; without an implementation every submission passes. It runs
 * inside the submitting transaction, so an implementation can lock and reserve atomically with the insert.
 */
public interface SubmissionGuard {

    /** @return a refusal to show on the form, or empty to let the generation be queued */
    Optional<Refusal> check(long userId, String providerId, String model, int images);

    /**
     * As {@link #check(long, String, String, int)}, for a generation made "as the team" {@code teamId} when it is not null
     * (team budgets). The default checks personal submissions only and lets team ones pass.
     */
    default Optional<Refusal> check(long userId, Long teamId, String providerId, String model, int images) {
        return teamId == null ? check(userId, providerId, model, images) : Optional.empty();
    }

    /**
     * Why a submission was refused: a message code with its arguments for the form, and a short code without
     * arguments for places that only show a code (retry's flash message).
     */
    record Refusal(String messageCode, Object[] args, String defaultMessage, String shortCode) {
    }
}
