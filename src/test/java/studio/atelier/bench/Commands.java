package studio.atelier.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Whether a tool from a Debian package is installed; the benchmark skips what needs a missing one. */
final class Commands {

    private Commands() {
    }

    /** @return the executable, looked up on PATH and in the sbin directories (nginx lives there, often off PATH) */
    static java.util.Optional<Path> find(String command) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
        return dirs.stream().map(dir -> Path.of(dir, command)).filter(Files::isExecutable).findFirst();
    }

    static boolean installed(String command) {
        return find(command).isPresent();
    }
}
