package studio.atelier.gateway.internal;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One call to a gateway, from send to outcome. The returned future is the caller's handle: cancelling it cancels
 * the pending {@code sendAsync} and the body subscription, which closes the connection.
 * A request is re-sent only after a connect failure, when nothing can have reached the gateway: a generation that
 * arrived may already be billed, so anything else is reported and left to the user.
 */
public final class Exchange<T> {

    private final HttpClient http;
    private final HttpRequest request;
    private final Function<HttpResponse.ResponseInfo, BodyReader<T>> readers;
    private final Function<Throwable, T> onFailure;
    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    private volatile CompletableFuture<HttpResponse<T>> inFlight;
    private volatile BodyReader<T> reader;

    public Exchange(HttpClient http, HttpRequest request, Function<HttpResponse.ResponseInfo, BodyReader<T>> readers,
            Function<Throwable, T> onFailure) {
        this.http = http;
        this.request = request;
        this.readers = readers;
        this.onFailure = onFailure;
    }

    public CompletableFuture<T> start() {
        outcome.whenComplete((value, error) -> {
            if (outcome.isCancelled()) {
                abort();
            }
        });
        send(1);
        return outcome;
    }

    private void send(int attempt) {
        if (outcome.isDone()) {
            return;
        }
        CompletableFuture<HttpResponse<T>> sent = http.sendAsync(request, info -> {
            BodyReader<T> bodyReader = readers.apply(info);
            reader = bodyReader;
            // The outcome is the body's value, taken on the thread that read the body's end. The future sendAsync returns
            // completes only after a hop to the common pool (the JDK hands every asynchronous response there), which
            // cost each call a thread wake-up, 0.2-0.4 ms on an otherwise quiet machine. Failures still come below.
            bodyReader.whenDecided(outcome::complete);
            if (outcome.isCancelled()) {
                bodyReader.abort();
            }
            return bodyReader;
        });
        inFlight = sent;
        if (outcome.isCancelled()) {
            abort();
        }
        sent.whenComplete((response, error) -> {
            if (error == null) {
                outcome.complete(response.body()); // usually done already, by the body reader
            } else if (attempt == 1 && ErrorMapper.isConnectFailure(error)) {
                send(2);
            } else {
                outcome.complete(onFailure.apply(error));
            }
        });
    }

    private void abort() {
        BodyReader<T> bodyReader = reader;
        if (bodyReader != null) {
            bodyReader.abort();
        }
        CompletableFuture<HttpResponse<T>> sent = inFlight;
        if (sent != null) {
            // Since JDK 16 cancel(true) on a sendAsync future aborts the exchange and closes its connection.
            sent.cancel(true);
        }
    }
}
