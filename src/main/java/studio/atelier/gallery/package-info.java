/** The personal and the team galleries: filters, keyset pages, the shared grid and the ZIP export, read through the generation module. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"account", "gateway", "generation", "shared", "team"})
package studio.atelier.gallery;
