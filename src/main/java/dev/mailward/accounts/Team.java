package dev.mailward.accounts;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "team")
class Team {

    static final int MAX_NAME = 100;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = MAX_NAME)
    private String name;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Team() {}

    Team(String name, Instant createdAt) {
        this.name = validName(name);
        this.createdAt = createdAt;
    }

    static String validName(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > MAX_NAME || n.chars().anyMatch(Character::isISOControl)) {
            throw new AccountChangeRejected("name", "accounts.team.name-invalid", "invalid team name: " + n, MAX_NAME);
        }
        HiddenCharacters.first(n).ifPresent(c -> {
            throw new AccountChangeRejected(
                    "name",
                    "accounts.team.name-hidden",
                    "the team name contains the invisible or direction-changing character " + c,
                    c);
        });
        return n;
    }

    void rename(String newName) {
        this.name = validName(newName);
    }

    Long id() {
        return id;
    }

    String name() {
        return name;
    }

    TeamRef toRef() {
        return new TeamRef(id, name);
    }
}
