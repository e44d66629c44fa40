/** The image gateways: providers, the client that calls them, reply and error reading (the "upstream" of the settings). */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "demo"})
package studio.atelier.gateway;
