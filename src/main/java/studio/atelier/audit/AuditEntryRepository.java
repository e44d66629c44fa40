package studio.atelier.audit;

import org.springframework.data.repository.Repository;

/** Save and read, nothing else: there is deliberately no update or delete here. */
interface AuditEntryRepository extends Repository<AuditEntry, Long> {

    AuditEntry save(AuditEntry entry);
}
