package studio.atelier.nodes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Which node ran which generation. A generation's {@code worker_id} ({@code pid@host/…}) is set only while it runs,
 * so this watches the table every 100 ms and remembers what it saw.
 */
final class Workers implements AutoCloseable {

    private final Map<Long, String> workerOf = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "workers-watch"));

    static Workers watch(JdbcClient db) {
        Workers workers = new Workers();
        workers.watcher.scheduleWithFixedDelay(() -> db.sql("select id, worker_id from generation where worker_id is not null")
                .query((rs, n) -> workers.workerOf.put(rs.getLong(1), rs.getString(2))).list(), 0, 100, TimeUnit.MILLISECONDS);
        return workers;
    }

    /** The processes ({@code pid@host}) that ran any of the given generations. */
    Set<String> nodesThatRan(Collection<Long> ids) {
        Set<String> nodes = new TreeSet<>();
        ids.stream().map(workerOf::get).filter(w -> w != null).forEach(w -> nodes.add(w.substring(0, w.indexOf('/'))));
        return nodes;
    }

    List<Long> ranBy(String worker, Collection<Long> ids) {
        List<Long> ran = new ArrayList<>();
        ids.stream().filter(id -> worker.equals(workerOf.get(id))).forEach(ran::add);
        return ran;
    }

    @Override
    public String toString() {
        return workerOf.toString();
    }

    @Override
    public void close() {
        watcher.shutdownNow();
    }
}
