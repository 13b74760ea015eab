package dev.mailward.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.util.List;
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
        assertThat(Csv.cell("-all")).isEqualTo("\"'-all\"");
        assertThat(Csv.cell("\tcmd")).isEqualTo("\"'\tcmd\"");
        assertThat(Csv.cell("\rcmd")).isEqualTo("\"'\rcmd\"");
        assertThat(Csv.cell("domain:example.org")).isEqualTo("domain:example.org");
        assertThat(Csv.cell("a=b")).as("only the first character counts").isEqualTo("a=b");
    }

    @Test
    void writesTheSameRecordToAStreamAsToAString() throws Exception {
        List<String> cells = List.of("example.org", "=1+1", "p=none, \"monitor\" only");
        StringWriter out = new StringWriter();
        Csv.writeRow(out, cells);
        assertThat(out)
                .hasToString(Csv.row(cells))
                .hasToString("example.org,\"'=1+1\",\"p=none, \"\"monitor\"\" only\"\r\n");
    }

    @Test
    void readsQuotedFieldsWithCommasAndDoubledQuotes() {
        assertThat(Csv.fields("example.org,\"ops, eu\",\"say \"\"hi\"\"\",", 16))
                .containsExactly("example.org", "ops, eu", "say \"hi\"", "");
        assertThat(Csv.fields("  \"quoted\" ,x", 16))
                .as("a quote after white space opens a field")
                .containsExactly("quoted ", "x");
        assertThat(Csv.fields("a\"b,c", 16))
                .as("a quote inside a field is kept")
                .containsExactly("a\"b", "c");
    }

    @Test
    void readsBackWhatItWrites() {
        List<String> cells = List.of("example.org", "a,b", "say \"hi\"", "");
        String line = Csv.row(cells);
        assertThat(Csv.fields(line.substring(0, line.length() - 2), 16)).containsExactlyElementsOf(cells);
    }

    @Test
    void refusesTooManyFieldsAndUnterminatedQuotes() {
        assertThat(Csv.fields("a,b,c", 3)).hasSize(3);
        assertThatThrownBy(() -> Csv.fields("a,b,c,", 3))
                .isInstanceOf(Csv.TooManyFieldsException.class)
                .hasMessage("more than 3 fields");
        assertThatThrownBy(() -> Csv.fields("a,\"b", 3)).hasMessage("unterminated quoted field");
    }
}
