package studio.atelier.config;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.DispatcherType;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import org.thymeleaf.ITemplateEngine;

@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

    private final MessageSource messages;

    WebConfig(MessageSource messages) {
        this.messages = messages;
    }

    static final List<Locale> SUPPORTED = List.of(Locale.ENGLISH, Locale.SIMPLIFIED_CHINESE);

    /** Browser language first; the switcher's choice sticks in a cookie. */
    @Bean
    LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver("atelier-lang");
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setDefaultLocaleFunction(request -> {
            Locale best = request.getLocales().hasMoreElements() ? bestMatch(request) : Locale.ENGLISH;
            return best;
        });
        return resolver;
    }

    private static Locale bestMatch(jakarta.servlet.http.HttpServletRequest request) {
        var locales = request.getLocales();
        while (locales.hasMoreElements()) {
            Locale candidate = locales.nextElement();
            if ("zh".equals(candidate.getLanguage())) {
                return Locale.SIMPLIFIED_CHINESE;
            }
            if ("en".equals(candidate.getLanguage())) {
                return Locale.ENGLISH;
            }
        }
        return Locale.ENGLISH;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor change = new LocaleChangeInterceptor();
        change.setParamName("lang");
        change.setIgnoreInvalidLocale(true);
        registry.addInterceptor(change);
        registry.addInterceptor(new FilterProblemsHeader(messages));
    }

    /** The 503 page while the database cannot be reached (see {@link DatabaseOutageFilter}). */
    @Bean
    FilterRegistrationBean<DatabaseOutageFilter> databaseOutageFilter(ITemplateEngine templates, LocaleResolver localeResolver) {
        FilterRegistrationBean<DatabaseOutageFilter> registration = new FilterRegistrationBean<>(
                new DatabaseOutageFilter(templates, localeResolver));
        registration.setOrder(DatabaseOutageFilter.ORDER);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        return registration;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
