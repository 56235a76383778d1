package org.matdx.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.matdx.core.Json;
import org.matdx.core.Problem;
import org.matdx.ingest.template.Template;
import org.matdx.ingest.template.TemplateLibrary;

/** Found by the fuzzer: a date the schema's pattern passes but no calendar has escaped as DateTimeParseException. */
class InvoiceCalendarDateTest {
    static final TemplateLibrary TEMPLATES = TemplateLibrary.load(null, null);

    @Test
    void aDateOutsideTheCalendarIsAFieldProblem() {
        Template t = TEMPLATES.byId("xrd.xy").orElseThrow();
        for (String date : new String[] {"2026-00-01", "2026-02-30"}) {
            Problem p = catchThrowableOfType(Problem.class, () -> Invoice.parse(Json.read("{\"basic\": {\"data_name\": \"x\", \"date\": \""
                    + date + "\"}}"), t, TEMPLATES, "en"));
            assertThat(p).as(date).isNotNull();
            assertThat(p.issues()).extracting(Problem.Issue::field).contains("basic.date");
        }
    }
}
