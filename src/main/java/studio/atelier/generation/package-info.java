/**
 * Generations: submission, jobs, the gateway call, images and their storage, sharing with teams. Owns the tables
 * generation, generation_image, generation_share and team_favourite (a member's own marks in a team's gallery).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"account", "audit", "gateway", "keys", "shared"})
package studio.atelier.generation;
