package studio.atelier.gateway.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits string content into progress lines, image references and the remaining text.
 * Patterns use only single character classes under quantifiers: Java's regex engine recurses on repeated
 * groups, which overflows the stack on a multi-megabyte data URI.
 */
public final class ContentScanner {

    private static final java.util.regex.Pattern BLANKS = java.util.regex.Pattern.compile("\\s+");

    /** What one piece of content holds. {@code linkUrls} are plain links, kept only as a last resort. */
    public record Scan(String text, List<String> progress, List<String> imageUrls, List<String> linkUrls) {
    }

    private static final Pattern MARKDOWN_IMAGE =
            Pattern.compile("!\\[[^\\]\\n]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"\\n]*\")?\\s*\\)");
    private static final Pattern MARKDOWN_LINK =
            Pattern.compile("\\[[^\\]\\n]*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"\\n]*\")?\\s*\\)");
    private static final Pattern BARE_DATA_URI = Pattern.compile("data:image/[\\w.+-]+;base64,[A-Za-z0-9+/=_-]+");
    private static final Pattern BARE_IMAGE_URL = Pattern.compile(
            "https?://[^\\s()\\[\\]<>\"']+?\\.(?:png|jpe?g|webp|gif)"
                    // A query may not end in sentence punctuation: "see https://x/a.png?s=1." ends the URL at 1.
                    + "(?:\\?[^\\s()\\[\\]<>\"']*[^\\s()\\[\\]<>\"'.,;:!?])?(?![\\w/]|\\.\\w)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern IMAGE_PATH =
            Pattern.compile("^https?://[^?#]+\\.(?:png|jpe?g|webp|gif)(?:[?#].*)?$", Pattern.CASE_INSENSITIVE);
    private static final Pattern BLANK_RUNS = Pattern.compile("\\n[ \\t]*(?:\\n[ \\t]*)+");

    public Scan scan(String content) {
        if (content == null || content.isEmpty()) {
            return new Scan("", List.of(), List.of(), List.of());
        }
        List<String> progress = new ArrayList<>();
        StringBuilder rest = new StringBuilder(content.length());
        int start = 0;
        while (start <= content.length()) {
            int end = content.indexOf('\n', start);
            if (end < 0) {
                end = content.length();
            }
            if (isProgressLine(content, start, end)) {
                String cleaned = cleanProgress(content.substring(start, end));
                if (!cleaned.isEmpty()) {
                    progress.add(cleaned);
                }
            } else {
                rest.append(content, start, end).append('\n');
            }
            start = end + 1;
        }
        List<String> images = new ArrayList<>();
        List<String> links = new ArrayList<>();
        String text = extract(MARKDOWN_IMAGE, rest.toString(), images);
        text = extract(MARKDOWN_LINK, text, links);
        text = extract(BARE_DATA_URI, text, images, 0);
        text = extract(BARE_IMAGE_URL, text, images, 0);
        text = BLANK_RUNS.matcher(text).replaceAll("\n\n").strip();
        return new Scan(text, progress, images, links);
    }

    /** Reseller image models narrate in quote lines: {@code > 排队中..}, {@code > 进度 **67%**}. */
    public static boolean isProgressLine(CharSequence content, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = content.charAt(i);
            if (c == '>') {
                return true;
            }
            if (!Character.isWhitespace(c)) {
                return false;
            }
        }
        return false;
    }

    public static String cleanProgress(String line) {
        String cleaned = line.strip();
        while (cleaned.startsWith(">")) {
            cleaned = cleaned.substring(1).strip();
        }
        cleaned = cleaned.replace("**", "").replace("__", "").replace("`", "");
        return BLANKS.matcher(cleaned).replaceAll(" ").strip();
    }

    public static boolean looksLikeImageUrl(String url) {
        return IMAGE_PATH.matcher(url).matches();
    }

    private static String extract(Pattern pattern, String text, List<String> found) {
        return extract(pattern, text, found, 1);
    }

    private static String extract(Pattern pattern, String text, List<String> found, int group) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        do {
            out.append(text, last, matcher.start());
            found.add(matcher.group(group));
            last = matcher.end();
        } while (matcher.find());
        out.append(text, last, text.length());
        return out.toString();
    }
}
