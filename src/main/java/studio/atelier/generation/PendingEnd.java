package studio.atelier.generation;

import java.time.Instant;

/**
 * An ending waiting to be written.
 *
 * @param expectedWorker the worker that must still own the job (null: any RUNNING job, e.g. it was never sent)
 * @param keyId          the key the call was made with, when one was
 * @param written        run after the transaction, whether or not the ending was applied
 */
record PendingEnd(long generationId, Job job, String expectedWorker, Ending ending, boolean reachedGateway, Long keyId,
        Runnable written, int attempt) {

    /** What the finished event tells about the job, known since it was claimed, so nothing has to be read again. */
    record Job(long ownerId, GenerationRequest request) {
    }

    PendingEnd retried() {
        return new PendingEnd(generationId, job, expectedWorker, ending, reachedGateway, keyId, written, attempt + 1);
    }

    PendingEnd cancelled() {
        return new PendingEnd(generationId, job, expectedWorker, Ending.cancelled(), reachedGateway, keyId, written, attempt);
    }

    GenerationFinished finishedEvent(Instant now) {
        GenerationRequest r = job.request();
        GenerationOutcome o = ending.outcome();
        return new GenerationFinished(generationId, job.ownerId(), r.providerId(), r.model(), keyId != null ? keyId : r.apiKeyId(),
                ending.status(), o.errorKind(), o.promptTokens(), o.completionTokens(), o.totalTokens(), ending.images().size(),
                o.upstreamLatencyMs(), reachedGateway, now, r.teamId(), r.prompt());
    }
}
