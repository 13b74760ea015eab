package dev.mailward;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The console. {@code java -jar mailward.jar check ...} runs the headless CLI instead. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MailwardApplication {

    public static void main(String[] args) {
        SpringApplication.run(MailwardApplication.class, args);
    }
}
