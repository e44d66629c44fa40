/**
 * Signing in with the organisation's identity provider (OpenID Connect): accounts provisioned or linked by issuer and
 * subject, the provider's groups turned into the administrator role and team memberships at each sign-in, refusals
 * shown on a page of their own, and the provider's session ended with Atelier's.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"account", "audit", "shared", "team"})
package studio.atelier.signin;
