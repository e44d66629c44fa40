package studio.atelier.admin.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;

import studio.atelier.shared.CodeLabels;

/** The audit log's Change column: what the log stored, in the reader's words, for every kind of change it stores. */
class AuditChangesTest {

    final AuditChanges changes = new AuditChanges(new CodeLabels(bundles()));

    static ResourceBundleMessageSource bundles() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasenames("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }

    @AfterEach
    void resetLocale() {
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void storedCodesReadAsWordsInEnglish() {
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(changes.describe("enabled=true", "enabled=false")).containsExactly("Enabled: yes → no");
        assertThat(changes.describe("visible", "hidden")).containsExactly("Visible → Hidden");
        assertThat(changes.describe("role=USER", "role=ADMIN")).containsExactly("Role: User → Administrator");
        assertThat(changes.describe("open=false", "open=true")).containsExactly("Self-registration open: no → yes");
        assertThat(changes.describe(null, "must change at next sign-in")).containsExactly("Must choose a new password at next sign-in");
        assertThat(changes.describe(null, "1 key(s) re-sealed")).containsExactly("1 key sealed with the current master key");
        assertThat(changes.describe(null, "3 key(s) re-sealed")).containsExactly("3 keys sealed with the current master key");
        assertThat(changes.describe(null, null)).isEmpty();
        // a quota: from the default to its own, then only what changed
        assertThat(changes.describe("default", "requestsPerDay=unlimited, imagesPerMonth=1, costPerMonth=unlimited"))
                .containsExactly("Default quota → Requests per day: unlimited, Images per month: 1, Cost per month: unlimited");
        assertThat(changes.describe("requestsPerDay=1, imagesPerMonth=unlimited, costPerMonth=unlimited",
                "requestsPerDay=1, imagesPerMonth=5, costPerMonth=2.5")).containsExactly(
                "Images per month: unlimited → 5", "Cost per month: unlimited → 2.5");
        // a price, with its currency and version
        assertThat(changes.describe(null, "perCall=0.01, perImage=0.02, per1kTokens=0, failedCall=0 USD (version 5)")).containsExactly(
                "Per call: 0.01 USD, Per image: 0.02 USD, Per 1 000 tokens: 0 USD, Failed call: 0 USD, Price version: 5");
        // a deleted generation: the prompt keeps its commas
        assertThat(changes.describe("owner=7, status=SUCCEEDED, prompt=a cat, a dog=friends", "deleted"))
                .containsExactly("Owner (user id): 7, Status: Done, Prompt: a cat, a dog=friends → Deleted");
        // a provider as recorded: only what changed, its lists kept whole
        String before = "Provider[id=gw, name=Gate, way, baseUrl=https://gw.example/v1, models=[a, b], defaultModel=a, "
                + "endpointStyle=CHAT_COMPLETIONS, timeout=PT5M, allowPrivateNetwork=false, enabled=true, source=CONSOLE]";
        assertThat(changes.describe(before, before.replace("models=[a, b]", "models=[a, b, c]").replace("PT5M", "PT1M30S")))
                .containsExactly("Models: [a, b] → [a, b, c]", "Timeout: 300 s → 90 s");
        assertThat(changes.describe(null, before)).singleElement().asString()
                .contains("Name: Gate, way").contains("Endpoint style: /chat/completions").contains("Source: console");
    }

    @Test
    void storedCodesReadAsWordsInChinese() {
        LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);
        assertThat(changes.describe("enabled=true", "enabled=false")).containsExactly("启用：是 → 否");
        assertThat(changes.describe("visible", "hidden")).containsExactly("可见 → 已隐藏");
        assertThat(changes.describe("default", "requestsPerDay=unlimited, imagesPerMonth=1, costPerMonth=unlimited"))
                .containsExactly("默认配额 → 每天请求数：不限，每月图片数：1，每月费用：不限");
        assertThat(changes.describe(null, "2 key(s) re-sealed")).containsExactly("已用当前主密钥重新封装 2 个密钥");
    }

    @Test
    void whatIsNotKnownReadsAsWordsAndNeverFails() {
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(changes.describe("somethingNew=1", "somethingNew=2")).containsExactly("Something new: 1 → 2");
        assertThat(changes.describe(null, "a sentence written later")).containsExactly("a sentence written later");
        assertThat(changes.describe("=", ", , =x")).hasSize(1);
    }
}
