package dev.mailward;

import dev.mailward.cli.CheckCommand;
import dev.mailward.cli.CliLogging;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The console. {@code java -jar mailward.jar check ...} runs the headless check command instead,
 * without the web server or the database; {@code java -jar mailward.jar rejudge} judges the stored
 * observations again against the console's database, without the web server ({@link RejudgeCommand}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MailwardApplication {

    /** What {@code java -jar mailward.jar --help} prints (without starting anything). */
    static final String USAGE = """
            Usage: java -jar mailward.jar [--PROPERTY=VALUE ...]
                     starts the console (web server and database); PROPERTY is any setting of
                     the README's configuration table, e.g. --server.port=8443
               or: java -jar mailward.jar check DOMAIN [options]
                     runs the DNS checks of DOMAIN headless and prints a report;
                     see java -jar mailward.jar check --help
               or: java -jar mailward.jar rejudge [--PROPERTY=VALUE ...]
                     judges the latest stored observation of every domain again under the
                     current rules, without contacting any server; see ... rejudge --help
            """;

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))) {
            System.out.print(USAGE); // not a console start with a stray argument
            return;
        }
        if (args.length > 0 && args[0].equals("check")) {
            // stdout is the report (JSON lines must stay parseable): log warnings to stderr only
            CliLogging.configure();
            System.exit(new CheckCommand(System.out, System.err)
                    .run(Arrays.asList(args).subList(1, args.length)));
        }
        if (args.length > 0 && args[0].equals("rejudge")) {
            System.exit(new RejudgeCommand(System.out, System.err)
                    .run(Arrays.asList(args).subList(1, args.length)));
        }
        SpringApplication.run(MailwardApplication.class, args);
    }
}
