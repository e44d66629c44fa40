package studio.atelier.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.security.access.prepost.PreAuthorize;

/**
 * An administrator's operation. The URL rules already keep others out of {@code /admin/**}; this checks the signed-in
 * person's role again where the work is done, so a route added later cannot skip it, and {@code ArchitectureTest}
 * keeps its callers in the admin module.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@PreAuthorize("hasRole('ADMIN')")
public @interface AdminOnly {
}
