package studio.atelier.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * CPU time spent by this JVM (the app, its drivers and the fake gateway) and by the PostgreSQL processes serving it.
 * Unlike wall-clock throughput it barely changes when other work shares the machine, so it tells what a generation
 * costs, and how many a machine of this size could finish per second at best.
 */
final class CpuMeter {

    private static final double TICK_NANOS = 1e9 / 100; // USER_HZ on Linux

    private final JdbcClient jdbc;

    CpuMeter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Reading(long appNanos, long databaseNanos) {

        Reading minus(Reading earlier) {
            return new Reading(appNanos - earlier.appNanos, databaseNanos - earlier.databaseNanos);
        }
    }

    Reading read() {
        long app = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        return new Reading(app, databaseNanos());
    }

    /** Every backend and background process of this server (pooled connections live long, so little is missed). */
    private long databaseNanos() {
        List<Integer> pids = jdbc.sql("select pid from pg_stat_activity").query(Integer.class).list();
        long ticks = 0;
        for (int pid : pids) {
            ticks += ticks(pid);
        }
        return (long) (ticks * TICK_NANOS);
    }

    private static long ticks(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // fields after the command name (which may contain spaces) start at ") "; utime and stime are the 12th and 13th
            String[] fields = stat.substring(stat.lastIndexOf(") ") + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
