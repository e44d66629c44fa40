/** Accounts: registration, signing in and its throttle, sessions, password changes, and the account row as a lock. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"audit", "keys", "shared"})
package studio.atelier.account;
