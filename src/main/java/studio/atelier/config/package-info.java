/** The web application's frame: the security filter chain, web configuration, layout and filters every page passes. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"account", "generation", "shared", "signin"})
package studio.atelier.config;
