/** Usage records, prices, quotas and team budgets, and the usage pages. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"account", "gateway", "generation", "shared", "team"})
package studio.atelier.usage;
