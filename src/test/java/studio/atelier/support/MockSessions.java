package studio.atelier.support;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.HttpSessionIdResolver;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.support.SessionFlashMapManager;
import org.springframework.web.util.WebUtils;

/**
 * Lets MockMvc tests keep passing a {@link MockHttpSession} with {@code .session(session)} now that sessions live in
 * Spring Session's repository: Spring Session's filter never looks at the servlet container's session, so this test-only
 * {@link HttpSessionIdResolver} remembers the Spring Session id in the MockHttpSession (the way a browser remembers the
 * cookie) and falls back to the cookie for everything else (real HTTP in RANDOM_PORT tests). When the application
 * changes the session id (sign-in, password change) the MockHttpSession's own id changes too, so tests can still see it.
 * The session's contents live in the repository: read them with {@link #attribute}.
 */
public final class MockSessions implements HttpSessionIdResolver {

    private static final String ID = MockSessions.class.getName() + ".id";
    private static final String REPOSITORY = MockSessions.class.getName() + ".repository";

    private final HttpSessionIdResolver cookies;
    private final SessionRepository<? extends Session> repository;

    MockSessions(HttpSessionIdResolver cookies, SessionRepository<? extends Session> repository) {
        this.cookies = cookies;
        this.repository = repository;
    }

    /** An attribute of the application's session that this MockHttpSession stands for, or null when there is none. */
    public static Object attribute(MockHttpSession session, String name) {
        Object id = session.getAttribute(ID);
        @SuppressWarnings("unchecked")
        SessionRepository<? extends Session> repository = (SessionRepository<? extends Session>) session.getAttribute(REPOSITORY);
        if (!(id instanceof String sessionId) || repository == null) {
            return null;
        }
        Session found = repository.findById(sessionId);
        return found == null ? null : found.getAttribute(name);
    }

    @Override
    public List<String> resolveSessionIds(HttpServletRequest request) {
        MockHttpSession mock = mockSession(request, false);
        if (mock != null && mock.getAttribute(ID) instanceof String id) {
            return List.of(id);
        }
        return cookies.resolveSessionIds(request);
    }

    @Override
    public void setSessionId(HttpServletRequest request, HttpServletResponse response, String sessionId) {
        cookies.setSessionId(request, response, sessionId);
        MockHttpSession mock = mockSession(request, true);
        if (mock != null) {
            Object before = mock.getAttribute(ID);
            if (before != null && !before.equals(sessionId)) {
                mock.changeSessionId();
            }
            mock.setAttribute(ID, sessionId);
            mock.setAttribute(REPOSITORY, repository);
        }
    }

    @Override
    public void expireSession(HttpServletRequest request, HttpServletResponse response) {
        cookies.expireSession(request, response);
        MockHttpSession mock = mockSession(request, false);
        if (mock != null) {
            mock.removeAttribute(ID);
        }
    }

    private static MockHttpSession mockSession(HttpServletRequest request, boolean create) {
        MockHttpServletRequest mock = WebUtils.getNativeRequest(request, MockHttpServletRequest.class);
        if (mock == null) {
            return null;
        }
        HttpSession session = mock.getSession(create);
        return session instanceof MockHttpSession mockSession && !mockSession.isInvalid() ? mockSession : null;
    }

    /** Puts the resolver into Spring Session's filter, around the cookie resolver the application configured. */
    static final class FilterPostProcessor implements BeanPostProcessor {

        private final ObjectProvider<CookieSerializer> cookieSerializer;
        private final ObjectProvider<SessionRepository<? extends Session>> repository;

        FilterPostProcessor(ObjectProvider<CookieSerializer> cookieSerializer,
                ObjectProvider<SessionRepository<? extends Session>> repository) {
            this.cookieSerializer = cookieSerializer;
            this.repository = repository;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (bean instanceof SessionRepositoryFilter<?> filter) {
                CookieHttpSessionIdResolver cookies = new CookieHttpSessionIdResolver();
                cookieSerializer.ifAvailable(cookies::setCookieSerializer);
                filter.setHttpSessionIdResolver(new MockSessions(cookies, repository.getObject()));
            }
            return bean;
        }
    }

    /**
     * MockMvc's {@code flashAttrs(...)} puts the flash map into the MockHttpSession while it builds the request, before
     * any filter runs; the application reads flash maps from its own session, so they are moved there first.
     */
    static final class FlashMapsIntoTheSession extends OncePerRequestFilter {

        private static final String FLASH_MAPS = SessionFlashMapManager.class.getName() + ".FLASH_MAPS";

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            MockHttpServletRequest mock = WebUtils.getNativeRequest(request, MockHttpServletRequest.class);
            if (mock != null && mock.getSession(false) instanceof MockHttpSession session && session.getAttribute(FLASH_MAPS) != null) {
                Object maps = session.getAttribute(FLASH_MAPS);
                session.removeAttribute(FLASH_MAPS);
                request.getSession().setAttribute(FLASH_MAPS, maps);
            }
            chain.doFilter(request, response);
        }
    }

    /** Registered in {@code META-INF/spring.factories} of the tests: applies to every test context. */
    public static final class Factory implements ContextCustomizerFactory {

        @Override
        public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
            return new Customizer();
        }
    }

    private static final class Customizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
            if (context instanceof BeanDefinitionRegistry registry) {
                registry.registerBeanDefinition("atelierMockSessions", new RootBeanDefinition(FilterPostProcessor.class));
                registry.registerBeanDefinition("atelierMockFlashMaps", new RootBeanDefinition(FilterRegistrationBean.class, () -> {
                    FilterRegistrationBean<FlashMapsIntoTheSession> registration = new FilterRegistrationBean<>(new FlashMapsIntoTheSession());
                    registration.setOrder(SessionRepositoryFilter.DEFAULT_ORDER + 1);
                    return registration;
                }));
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customizer;
        }

        @Override
        public int hashCode() {
            return Customizer.class.hashCode();
        }
    }
}
