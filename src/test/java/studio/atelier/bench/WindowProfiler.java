package studio.atelier.bench;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Profiles one measured window of a benchmark with async-profiler, when asked: {@code -Dbench.async-profiler=<path to
 * libasyncProfiler.so>} and {@code -Dbench.profile=<window>} (e.g. {@code 500}). The library is attached to this very
 * JVM with {@code jcmd JVMTI.agent_load} at the window's start, so the start-up, the warm-up and the other windows (whose
 * compiler and class-loading work would drown the steady state) stay out of the profile. It samples CPU time of every
 * thread ({@code itimer}: needs no perf_events) and writes collapsed stacks to {@code target/profile-<window>.collapsed}.
 */
final class WindowProfiler {

    private final String window;
    private final boolean wanted;

    WindowProfiler(String window) {
        this.window = window;
        this.wanted = System.getProperty("bench.async-profiler") != null && window.equals(System.getProperty("bench.profile"));
    }

    void start() {
        if (wanted) {
            agent("start,event=itimer,interval=1ms");
        }
    }

    void stop() {
        if (wanted) {
            agent("stop,collapsed,file=" + Path.of("target", "profile-" + window + ".collapsed").toAbsolutePath());
        }
    }

    private void agent(String command) {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        try {
            Process p = new ProcessBuilder(jcmd, Long.toString(ProcessHandle.current().pid()), "JVMTI.agent_load",
                    // quoted: jcmd would otherwise read the option's own '=' as one of its arguments
                    System.getProperty("bench.async-profiler"), "\"" + command + "\"")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", "profile-" + window + ".log").toFile()))
                    .start();
            if (p.waitFor() != 0) {
                System.err.println("async-profiler: jcmd failed, see target/profile-" + window + ".log");
            }
        } catch (IOException e) {
            throw new IllegalStateException("async-profiler: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
