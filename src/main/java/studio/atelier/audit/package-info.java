/**
 * The audit log: who did what to which target, when, from where and why. Append-only: nothing in the
 * application updates or deletes an entry, and the repository does not even offer to.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "shared")
package studio.atelier.audit;
