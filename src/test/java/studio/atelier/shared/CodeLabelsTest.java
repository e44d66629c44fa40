package studio.atelier.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;

import studio.atelier.gateway.GatewayErrorKind;

/** Error kinds reach tables as short words in both languages, and a kind without words still reads as words. */
class CodeLabelsTest {

    /** Error kinds that the generation side writes besides the gateway's. */
    static final List<String> GENERATION_KINDS = List.of("INTERRUPTED", "NO_KEY", "IMAGE_REJECTED", "INTERNAL", "CANCELLED");
    /** Gateway kinds being added beside the existing ones (a 4xx the gateway refused; overloaded or unavailable). */
    static final List<String> NEW_GATEWAY_KINDS = List.of("REQUEST_REFUSED", "GATEWAY_UNAVAILABLE");

    final CodeLabels labels = new CodeLabels(bundles());

    static ResourceBundleMessageSource bundles() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasenames("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }

    static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        try (var in = CodeLabelsTest.class.getResourceAsStream("/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @AfterEach
    void resetLocale() {
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void everyErrorKindHasAShortLabelInBothBundles() throws IOException {
        List<String> kinds = new ArrayList<>(Arrays.stream(GatewayErrorKind.values()).map(Enum::name).toList());
        kinds.addAll(GENERATION_KINDS);
        kinds.addAll(NEW_GATEWAY_KINDS);
        for (String bundle : List.of("messages.properties", "messages_zh_CN.properties")) {
            Properties p = bundle(bundle);
            for (String kind : kinds) {
                assertThat(p.getProperty("usage.errorKind." + kind)).as(bundle + " " + kind).isNotBlank().doesNotContain("_");
            }
        }
    }

    @Test
    void labelsAreInTheRequestsLanguageAndUnknownCodesAreMadeReadable() {
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(labels.errorKind("KEY_REJECTED")).isEqualTo("Key rejected");
        assertThat(labels.errorKind("GATEWAY_UNAVAILABLE")).isEqualTo("Gateway overloaded or unavailable");
        assertThat(labels.errorKind("SOMETHING_NEW_LATER")).isEqualTo("Something new later");
        assertThat(labels.errorKind(null)).isNull();
        assertThat(labels.errorKind("")).isNull();
        LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);
        assertThat(labels.errorKind("KEY_REJECTED")).isEqualTo("密钥被拒绝");
        assertThat(labels.errorKind("REQUEST_REFUSED")).isEqualTo("网关拒绝了请求");
        assertThat(CodeLabels.humanised("requestsPerDay")).isEqualTo("Requests per day");
    }
}
