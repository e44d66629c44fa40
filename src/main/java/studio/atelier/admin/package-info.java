/**
 * The administrators' console: users, providers, prices, quotas, usage and content review, through the other
 * modules' facades.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {
        "account", "audit", "gateway", "generation", "keys", "shared", "usage"})
package studio.atelier.admin;
