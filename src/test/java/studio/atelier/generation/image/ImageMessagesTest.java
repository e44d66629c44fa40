package studio.atelier.generation.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.support.ResourceBundleMessageSource;

class ImageMessagesTest {

    @ParameterizedTest
    @EnumSource(ImageRejected.Reason.class)
    void everyRejectionIsExplainedInEnglishAndChinese(ImageRejected.Reason reason) {
        ResourceBundleMessageSource messages = messages();

        String english = messages.getMessage(reason.messageKey(), new Object[] {20, 40}, Locale.ENGLISH);
        String chinese = messages.getMessage(reason.messageKey(), new Object[] {20, 40}, Locale.SIMPLIFIED_CHINESE);

        assertThat(english).isNotBlank().doesNotContain("{0}").doesNotContain(reason.messageKey());
        assertThat(chinese).isNotBlank().isNotEqualTo(english).containsPattern("\\p{IsHan}");
    }

    @ParameterizedTest
    @EnumSource(AddressRefused.Why.class)
    void everyAddressRefusalIsExplainedInEnglishAndChinese(AddressRefused.Why why) {
        ResourceBundleMessageSource messages = messages();

        assertThat(messages.getMessage(why.messageKey(), null, Locale.ENGLISH)).isNotBlank();
        assertThat(messages.getMessage(why.messageKey(), null, Locale.SIMPLIFIED_CHINESE)).containsPattern("\\p{IsHan}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"i18n/images.properties", "i18n/images_zh_CN.properties"})
    void bundlesDefineTheSameKeysAndValidPatterns(String bundle) throws IOException {
        Properties english = load("i18n/images.properties");
        Properties translated = load(bundle);

        assertThat(translated.stringPropertyNames()).isEqualTo(english.stringPropertyNames());
        translated.stringPropertyNames().forEach(key -> new MessageFormat(translated.getProperty(key)));
    }

    @ParameterizedTest
    @EnumSource(ImageRejected.Reason.class)
    void messageKeysAreKebabCase(ImageRejected.Reason reason) {
        assertThat(reason.messageKey()).matches("generation\\.image\\.rejected\\.[a-z]+(-[a-z]+)*");
    }

    private static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename("i18n/images");
        source.setDefaultEncoding(StandardCharsets.UTF_8.name());
        source.setFallbackToSystemLocale(false);
        return source;
    }

    private static Properties load(String resource) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = new InputStreamReader(
                ImageMessagesTest.class.getClassLoader().getResourceAsStream(resource), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
