/** Teams: membership and roles, invitations, team keys, and who may share into a team's gallery. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"account", "gateway", "generation", "keys", "shared"})
package studio.atelier.team;
