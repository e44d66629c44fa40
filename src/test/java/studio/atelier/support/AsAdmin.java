package studio.atelier.support;

import java.util.List;
import java.util.concurrent.Callable;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Calls an administrator's operation ({@code @AdminOnly}) directly from a test, as a signed-in administrator would
 * through the console, and puts back whatever security context the thread had.
 */
public final class AsAdmin {

    private AsAdmin() {
    }

    public static <T> T call(Callable<T> operation) {
        SecurityContext before = SecurityContextHolder.getContext();
        SecurityContext admin = SecurityContextHolder.createEmptyContext();
        admin.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("test-admin", null,
                List.of(new SimpleGrantedAuthority("ROLE_ADMIN"))));
        SecurityContextHolder.setContext(admin);
        try {
            return operation.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            SecurityContextHolder.setContext(before);
        }
    }

    public static void run(Runnable operation) {
        call(() -> {
            operation.run();
            return null;
        });
    }
}
