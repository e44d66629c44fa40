package studio.atelier.generation;

public enum GenerationStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, INTERRUPTED;

    public boolean isFinished() {
        return this != QUEUED && this != RUNNING;
    }

    public boolean isRetryable() {
        return this == FAILED || this == CANCELLED || this == INTERRUPTED;
    }
}
