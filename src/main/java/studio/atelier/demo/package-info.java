/**
 * The built-in offline demo gateway at {@code /demo/v1}: an OpenAI-compatible relay served by the app itself, so a
 * new user can generate before owning a real key. Its API is {@link studio.atelier.demo.DemoSettings} (whether it is
 * on) and {@link studio.atelier.demo.DemoPass} (what this node's own calls carry); it uses no other module.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package studio.atelier.demo;
