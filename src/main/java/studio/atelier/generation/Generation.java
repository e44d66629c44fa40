package studio.atelier.generation;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "generation")
class Generation {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "owner_id")
    private long ownerId;
    @Column(name = "provider_id")
    private String providerId;
    private String model;
    @Column(name = "api_key_id")
    private Long apiKeyId;
    private String prompt;
    @Column(name = "prompt_search")
    private String promptSearch;
    @Column(name = "system_prompt")
    private String systemPrompt;
    private String parameters;
    private boolean stream;
    @Column(name = "images_requested")
    private int imagesRequested;
    @Enumerated(EnumType.STRING)
    private GenerationStatus status;
    @Column(name = "error_kind")
    private String errorKind;
    @Column(name = "error_message")
    private String errorMessage;
    @Column(name = "http_status")
    private Integer httpStatus;
    private String progress;
    @Column(name = "upstream_id")
    private String upstreamId;
    @Column(name = "finish_reason")
    private String finishReason;
    @Column(name = "reply_text")
    private String replyText;
    @Column(name = "raw_reply")
    private String rawReply;
    @Column(name = "prompt_tokens")
    private Integer promptTokens;
    @Column(name = "completion_tokens")
    private Integer completionTokens;
    @Column(name = "total_tokens")
    private Integer totalTokens;
    @Column(name = "image_count")
    private int imageCount;
    @Column(name = "queued_at")
    private Instant queuedAt;
    @Column(name = "started_at")
    private Instant startedAt;
    @Column(name = "finished_at")
    private Instant finishedAt;
    @Column(name = "upstream_latency_ms")
    private Long upstreamLatencyMs;
    private boolean favourite;
    @Column(name = "retry_of")
    private Long retryOf;
    @Column(name = "worker_id")
    private String workerId;
    @Column(name = "lease_until")
    private Instant leaseUntil;
    @Column(name = "cancel_requested")
    private boolean cancelRequested;
    @Column(name = "hidden_at")
    private Instant hiddenAt;
    @Column(name = "hidden_reason")
    private String hiddenReason;
    @Column(name = "team_id")
    private Long teamId;

    protected Generation() {
    }

    GenerationRequest toRequest() {
        return new GenerationRequest(providerId, model, apiKeyId, prompt, systemPrompt, GenerationParameters.fromJson(parameters), teamId);
    }

    /** Its node stopped renewing the lease: the gateway may have billed it, so it is never re-sent by itself. */
    void interrupt(Instant at) {
        this.status = GenerationStatus.INTERRUPTED;
        this.errorKind = "INTERRUPTED";
        finish(at);
    }

    GenerationFinished finishedEvent(boolean reachedGateway) {
        return new GenerationFinished(id, ownerId, providerId, model, apiKeyId, status, errorKind, promptTokens, completionTokens,
                totalTokens, imageCount, upstreamLatencyMs, reachedGateway, finishedAt, teamId, prompt);
    }

    private void finish(Instant at) {
        this.finishedAt = at;
        this.workerId = null;
        this.leaseUntil = null;
        this.progress = null;
    }

    static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    void hide(String reason, Instant at) {
        this.hiddenAt = at;
        this.hiddenReason = truncate(reason, 1000);
    }

    void unhide() {
        this.hiddenAt = null;
        this.hiddenReason = null;
    }

    boolean hidden() {
        return hiddenAt != null;
    }

    void toggleFavourite() {
        this.favourite = !this.favourite;
    }

    Long id() {
        return id;
    }

    long ownerId() {
        return ownerId;
    }

    GenerationStatus status() {
        return status;
    }

    String workerId() {
        return workerId;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    String providerId() {
        return providerId;
    }

    String model() {
        return model;
    }

    Long teamId() {
        return teamId;
    }

    Long apiKeyId() {
        return apiKeyId;
    }

    Integer promptTokens() {
        return promptTokens;
    }

    Integer completionTokens() {
        return completionTokens;
    }

    Integer totalTokens() {
        return totalTokens;
    }

    int imageCount() {
        return imageCount;
    }

    Long upstreamLatencyMs() {
        return upstreamLatencyMs;
    }

    String errorKind() {
        return errorKind;
    }

    Instant finishedAt() {
        return finishedAt;
    }

    GenerationView toView(java.util.List<Long> imageIds) {
        return new GenerationView(id, ownerId, providerId, model, prompt, systemPrompt, GenerationParameters.fromJson(parameters),
                status, errorKind, errorMessage, httpStatus, progress, upstreamId, finishReason, replyText, rawReply,
                promptTokens, completionTokens, totalTokens, imageCount, imagesRequested, queuedAt, startedAt, finishedAt,
                upstreamLatencyMs, favourite, retryOf, imageIds, hiddenAt, hiddenReason);
    }
}
