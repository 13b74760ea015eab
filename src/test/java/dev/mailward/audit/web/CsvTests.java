package dev.mailward.audit.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsvTests {

    @Test
    void quotesCellsWithSeparatorsQuotesAndLineBreaks() {
        assertThat(Csv.row("1", "a,b", "say \"hi\"", "two\nlines", null, ""))
                .isEqualTo("1,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\r\n");
    }

    @Test
    void defusesCellsASpreadsheetWouldEvaluate() {
        assertThat(Csv.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(Csv.cell("+1")).isEqualTo("\"'+1\"");
        assertThat(Csv.cell("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
        assertThat(Csv.cell("domain:example.org")).isEqualTo("domain:example.org");
    }
}
