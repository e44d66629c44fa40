package studio.atelier.config;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequestHeader;
import io.github.wimdeblauwe.htmx.spring.boot.security.HxRefreshHeaderAuthenticationEntryPoint;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.HeaderWriterLogoutHandler;
import org.springframework.security.web.header.writers.ClearSiteDataHeaderWriter;
import org.springframework.security.web.header.writers.ClearSiteDataHeaderWriter.Directive;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;

import studio.atelier.account.AccountApi;
import studio.atelier.account.SignInOutcomes;
import studio.atelier.account.ThrottledAuthenticationProvider;
import studio.atelier.account.TwoFactor;
import studio.atelier.generation.ImageAccess;
import studio.atelier.signin.SsoSecurity;

@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfig {

    /** No inline script or style anywhere: scripts come from /assets and /webjars only. */
    static final String CONTENT_SECURITY_POLICY = contentSecurityPolicy("");

    /** @param imageSources more places images may come from (the bucket images are redirected to), space first */
    static String contentSecurityPolicy(String imageSources) {
        return "default-src 'self'; script-src 'self'; style-src 'self'; "
                + "img-src 'self' data: blob:" + imageSources + "; font-src 'self'; connect-src 'self'; object-src 'none'; "
                + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    @Bean
    SecurityFilterChain web(HttpSecurity http, ThrottledAuthenticationProvider passwords, SignInOutcomes outcomes,
            AccountApi accounts, TwoFactor twoFactor, SecurityContextRepository contexts, CsrfTokenRepository csrfTokens,
            ManagementPort scrapes, ImageAccess images, SsoSecurity sso) throws Exception {
        String policy = withFormTargets(contentSecurityPolicy(images.redirectOrigin().map(origin -> " " + origin).orElse("")),
                sso.formTargets());
        // Our own manager without a parent, so a failed attempt is judged (and counted) exactly once.
        List<AuthenticationProvider> providers = new ArrayList<>(List.of(passwords));
        providers.addAll(sso.authenticationProviders());
        http.authenticationManager(new ProviderManager(providers))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/login/sso", "/login/code", "/register", "/assets/**", "/webjars/**", "/favicon.ico",
                                "/error", "/actuator/health", "/actuator/health/**").permitAll()
                        // The demo gateway authenticates by Bearer key like a real gateway, not by session.
                        .requestMatchers("/demo/v1/**").permitAll()
                        // Prometheus on management.server.port, when set (internal network only, see ManagementPort).
                        .requestMatchers(scrapes).permitAll()
                        .requestMatchers("/admin/**", "/actuator/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").loginProcessingUrl("/login")
                        .usernameParameter("username").passwordParameter("password")
                        .successHandler(outcomes).failureHandler(outcomes).permitAll())
                // Signing out also empties this site's cache in the browser (private images people saw).
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessHandler(sso.signOut())
                        .deleteCookies("JSESSIONID")
                        .addLogoutHandler(new HeaderWriterLogoutHandler(new ClearSiteDataHeaderWriter(Directive.CACHE))))
                .securityContext(context -> context.securityContextRepository(contexts))
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens).ignoringRequestMatchers("/demo/v1/**"))
                .exceptionHandling(ex -> ex
                        // An expired session during an HTMX swap refreshes the page instead of swapping the login form in.
                        .defaultAuthenticationEntryPointFor(new HxRefreshHeaderAuthenticationEntryPoint(),
                                new RequestHeaderRequestMatcher(HtmxRequestHeader.HX_REQUEST.getValue()))
                        .defaultAuthenticationEntryPointFor(signInPage(), request -> true))
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(policy))
                        .frameOptions(frame -> frame.deny())
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        sso.configure(http);
        http.addFilterBefore(new AccountStateFilter(accounts, twoFactor), AuthorizationFilter.class);
        return http.build();
    }

    /** The identity providers' origins join {@code form-action}: signing out and linking are forms that end there. */
    static String withFormTargets(String policy, java.util.Set<String> origins) {
        return origins.isEmpty() ? policy : policy.replace("form-action 'self'", "form-action 'self' " + String.join(" ", origins));
    }

    /** A relative redirect: an absolute one would be built from the Host header, which any client can set. */
    private static LoginUrlAuthenticationEntryPoint signInPage() {
        LoginUrlAuthenticationEntryPoint entryPoint = new LoginUrlAuthenticationEntryPoint("/login");
        entryPoint.setFavorRelativeUris(true);
        return entryPoint;
    }

    /** Where signed-in sessions keep their security context (Spring Security's default, shared with sign-in after registration). */
    @Bean
    SecurityContextRepository securityContextRepository() {
        return new DelegatingSecurityContextRepository(new RequestAttributeSecurityContextRepository(),
                new HttpSessionSecurityContextRepository());
    }

    @Bean
    CsrfTokenRepository csrfTokenRepository() {
        return new HttpSessionCsrfTokenRepository();
    }

    /**
     * What the filter chain does to a session at sign-in, for signing in outside the login form (right after registering):
     * a new session id against session fixation, then a new CSRF token, so the one seen while signed out is worthless.
     */
    @Bean
    SessionAuthenticationStrategy signInSessionStrategy(CsrfTokenRepository csrfTokens) {
        return new CompositeSessionAuthenticationStrategy(List.of(new ChangeSessionIdAuthenticationStrategy(),
                new CsrfAuthenticationStrategy(csrfTokens)));
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
