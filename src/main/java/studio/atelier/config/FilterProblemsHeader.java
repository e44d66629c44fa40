package studio.atelier.config;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.MessageSource;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.RequestContextUtils;

import studio.atelier.shared.FilterCheck;

/**
 * An HTMX request with a wrong filter gets its 400 answer's explanation in {@code X-Atelier-Message} as well: htmx
 * does not swap an error answer into the page, and app.js shows that header instead of a bare "request failed". Full
 * pages show the same words in their banner.
 */
class FilterProblemsHeader implements HandlerInterceptor {

    private final MessageSource messages;

    FilterProblemsHeader(MessageSource messages) {
        this.messages = messages;
    }

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler, ModelAndView view) {
        if (view == null || !HtmxRequest.fromRequest(request).isHtmxRequest()
                || !(view.getModel().get(FilterCheck.ATTRIBUTE) instanceof List<?> problems) || problems.isEmpty()) {
            return;
        }
        Locale locale = RequestContextUtils.getLocale(request);
        String text = Stream.concat(problems.stream().map(p -> (FilterCheck.Problem) p)
                        .map(p -> messages.getMessage(p.messageKey(), new Object[] { p.parameter(), p.value(), p.allowed() }, locale)),
                Stream.of(messages.getMessage("filter.shownWithout", null, locale))).collect(Collectors.joining(" "));
        response.setHeader("X-Atelier-Message", URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20"));
    }
}
