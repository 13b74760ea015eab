package dev.mailward.inventory;

import com.ibm.icu.text.SpoofChecker;
import java.util.List;

/**
 * What a domain's name itself may hide. A label mixing scripts (a Cyrillic "о" among Latin
 * letters) reads as another domain: such a name is accepted, as it may be real, but shown with a
 * warning. Each label is judged on its own (a Cyrillic name under a Latin TLD is not mixed) by
 * ICU's UTS #39 restriction level "highly restrictive": one script per label, or the usual Han
 * with Hiragana/Katakana, Bopomofo or Hangul combinations.
 */
public final class NameWarnings {

    /** The warning id of a label that mixes scripts, as the API shows it. */
    public static final String MIXED_SCRIPT = "mixed-script";

    private static final SpoofChecker CHECKER = new SpoofChecker.Builder()
            .setChecks(SpoofChecker.RESTRICTION_LEVEL)
            .setRestrictionLevel(SpoofChecker.RestrictionLevel.HIGHLY_RESTRICTIVE)
            .build();

    private NameWarnings() {}

    /** The warnings of a domain name in U-label form; empty for a plain name. */
    public static List<String> of(String unicodeName) {
        if (unicodeName == null || unicodeName.chars().allMatch(c -> c < 0x80)) {
            return List.of();
        }
        for (String label : unicodeName.split("\\.")) {
            if (!label.isEmpty() && CHECKER.failsChecks(label)) {
                return List.of(MIXED_SCRIPT);
            }
        }
        return List.of();
    }
}
