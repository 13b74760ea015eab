package dev.mailward;

import dev.mailward.cli.CheckCommand;
import dev.mailward.cli.CliLogging;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The console. {@code java -jar mailward.jar check ...} runs the headless check command instead,
 * without the web server or the database.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MailwardApplication {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("check")) {
            // stdout is the report (JSON lines must stay parseable): log warnings to stderr only
            CliLogging.configure();
            System.exit(new CheckCommand(System.out, System.err).run(Arrays.asList(args).subList(1, args.length)));
        }
        SpringApplication.run(MailwardApplication.class, args);
    }
}
