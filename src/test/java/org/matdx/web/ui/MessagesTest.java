package org.matdx.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Every label exists in both languages, and the script labels the pages hand to their JavaScript are all defined. */
class MessagesTest {

    static Properties bundle(String lang) throws IOException {
        Properties p = new Properties();
        try (var in = new InputStreamReader(MessagesTest.class.getResourceAsStream("/i18n/messages_" + lang + ".properties"),
                StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    @Test
    void japaneseAndEnglishHaveTheSameKeys() throws IOException {
        Properties en = bundle("en");
        Properties ja = bundle("ja");
        assertThat(ja.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(en.stringPropertyNames());
    }

    @Test
    void scriptLabelsAreDefined() throws IOException {
        Properties en = bundle("en");
        UploadPage.SCRIPT_LABELS.forEach(k -> assertThat(en).containsKey("upload." + k));
        ModelsPage.SCRIPT_LABELS.forEach(k -> assertThat(en).containsKey("models." + k));
        assertThat(en).containsKey("audit.entry.create").containsKey("audit.entry.create.batch");
        for (var q : new org.matdx.elementstrategy.PeriodicTableView(null).quantities()) {
            assertThat(en).containsKey(ElementsPage.labelKey(q)); // every quantity of /elements has a name in the bundle
        }
        for (String action : org.matdx.access.AuditTrail.DATASET_CHANGES) {
            assertThat(en).containsKey("audit." + action); // every change the entry's history shows has a label
        }
    }
}
