/** Stored gateway API keys, personal and the teams', encrypted at rest, and which key a generation uses. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"gateway", "shared"})
package studio.atelier.keys;
