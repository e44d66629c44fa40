package studio.atelier.audit;

import java.time.LocalDate;

public record AuditFilter(String action, String actor, String target, LocalDate from, LocalDate to) {

    public static AuditFilter none() {
        return new AuditFilter(null, null, null, null, null);
    }
}
