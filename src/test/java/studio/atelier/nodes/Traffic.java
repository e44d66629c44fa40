package studio.atelier.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import studio.atelier.support.Balancer;

/**
 * What went through the balancer during a test: which node answered each request and how. Failures are collected
 * rather than thrown, so a load thread keeps going and the test reports every one of them at the end.
 */
final class Traffic {

    record Answer(String request, int status, int node, String location) {
    }

    private final List<Answer> answers = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    /** A page a signed-in person may see: 200, never a redirect to the sign-in page. */
    HttpResponse<String> expectSignedIn(HttpResponse<String> response) {
        return expect(response, 200);
    }

    synchronized HttpResponse<String> expect(HttpResponse<String> response, int status) {
        String location = response.headers().firstValue("Location").orElse("");
        answers.add(new Answer(response.request().method() + " " + response.uri().getPath(), response.statusCode(),
                Balancer.nodePort(response), location));
        if (response.statusCode() != status) {
            problems.add(response.request().method() + " " + response.uri().getPath() + " answered " + response.statusCode()
                    + (location.isEmpty() ? "" : " → " + location) + " (expected " + status + ")");
        }
        return response;
    }

    synchronized void problem(String description) {
        problems.add(description);
    }

    synchronized int count() {
        return answers.size();
    }

    synchronized void assertNoErrors() {
        assertThat(problems).as("unexpected answers (5xx, sign-outs) out of %d requests", answers.size()).isEmpty();
        assertThat(answers).noneMatch(a -> a.status() >= 500).noneMatch(a -> a.location().contains("/login"));
    }

    /** Round-robin with both nodes up: each served its share (not exactly half: a node being restarted serves none). */
    synchronized void assertBothNodesServed(int a, int b) {
        Map<Integer, Long> perNode = perNode();
        assertThat(perNode.keySet()).as("nodes that answered").containsExactlyInAnyOrder(a, b);
        assertThat(perNode.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(answers.size() / 5));
    }

    /**
     * Round-robin with both nodes up all the time: each answered about half. Not exactly half of these: requests the
     * test does not look at (a sign-in page read for its CSRF token) take turns too.
     */
    synchronized void assertBothNodesServedAlike(int a, int b) {
        assertNoErrors();
        Map<Integer, Long> perNode = perNode();
        assertThat(perNode.keySet()).as("nodes that answered").containsExactlyInAnyOrder(a, b);
        assertThat(perNode.values()).as("requests per node %s", perNode).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(answers.size() * 4 / 10));
    }

    /** How many of the answers after the first {@code seen} came from the node on {@code port}. */
    synchronized long answeredSince(int seen, int port) {
        return answers.subList(Math.min(seen, answers.size()), answers.size()).stream().filter(a -> a.node() == port).count();
    }

    synchronized void assertOnlyServedBy(int port) {
        assertThat(perNode().keySet()).containsExactly(port);
    }

    private Map<Integer, Long> perNode() {
        return answers.stream().collect(Collectors.groupingBy(Answer::node, Collectors.counting()));
    }

}
