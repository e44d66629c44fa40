/**
 * The personal and the team galleries: filters, keyset pages, the one grid both show and the ZIP export, all read
 * through the generation module's search.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"account", "gateway", "generation", "shared", "team"})
package studio.atelier.gallery;
