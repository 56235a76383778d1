package org.matdx.web.ui;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** UI labels in Japanese and English (bundles {@code i18n/messages_*.properties}, UTF-8). */
public final class Messages {
    public static final List<String> LANGUAGES = List.of("en", "ja");
    private final ResourceBundle bundle;
    private final String lang;

    private Messages(String lang) {
        this.lang = lang;
        this.bundle = ResourceBundle.getBundle("i18n.messages", Locale.forLanguageTag(lang),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    private static final Messages EN = new Messages("en");
    private static final Messages JA = new Messages("ja");

    public static Messages of(String lang) {
        return "ja".equals(lang) ? JA : EN;
    }

    public String lang() {
        return lang;
    }

    /** The label for a key; the key itself if it has none, so a missing label is visible, not fatal. */
    public String t(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, Locale.forLanguageTag(lang)).format(args);
    }
}
