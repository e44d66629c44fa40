package studio.atelier.generation;

import java.time.Instant;
import java.util.Locale;

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

    Generation(long ownerId, GenerationRequest request, Instant queuedAt, Long retryOf) {
        this.ownerId = ownerId;
        this.providerId = request.providerId();
        this.model = request.model();
        this.apiKeyId = request.apiKeyId();
        this.prompt = request.prompt();
        this.promptSearch = request.prompt().toLowerCase(Locale.ROOT);
        this.systemPrompt = request.systemPrompt();
        this.parameters = request.parameters().toJson();
        this.stream = request.parameters().stream();
        this.imagesRequested = request.parameters().n() == null ? 1 : request.parameters().n();
        this.status = GenerationStatus.QUEUED;
        this.queuedAt = queuedAt;
        this.retryOf = retryOf;
        this.teamId = request.teamId();
    }

    GenerationRequest toRequest() {
        return new GenerationRequest(providerId, model, apiKeyId, prompt, systemPrompt, GenerationParameters.fromJson(parameters), teamId);
    }

    void succeed(GenerationOutcome outcome, int storedImages, Instant at) {
        applyReply(outcome);
        this.imageCount = storedImages;
        this.status = GenerationStatus.SUCCEEDED;
        finish(at);
    }

    void fail(GenerationOutcome outcome, Instant at) {
        applyReply(outcome);
        this.status = GenerationStatus.FAILED;
        finish(at);
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

    void cancel(Instant at) {
        this.status = GenerationStatus.CANCELLED;
        this.errorKind = "CANCELLED";
        finish(at);
    }

    private void applyReply(GenerationOutcome o) {
        this.errorKind = o.errorKind();
        this.errorMessage = truncate(o.errorMessage(), 2000);
        this.httpStatus = o.httpStatus();
        this.upstreamId = truncate(o.upstreamId(), 200);
        this.finishReason = truncate(o.finishReason(), 40);
        this.replyText = truncate(o.replyText(), 20000);
        this.rawReply = truncate(o.rawReply(), 200000);
        this.promptTokens = o.promptTokens();
        this.completionTokens = o.completionTokens();
        this.totalTokens = o.totalTokens();
        this.upstreamLatencyMs = o.upstreamLatencyMs();
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

    void usedKey(long keyId) {
        this.apiKeyId = keyId;
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
