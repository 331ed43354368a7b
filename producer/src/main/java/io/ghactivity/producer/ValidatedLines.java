package io.ghactivity.producer;

import io.ghactivity.contracts.EventValidator;
import io.ghactivity.contracts.Verdict;

/** A chunk of lines with the validator's verdict for each, computed on the validator thread. */
record ValidatedLines(ReadItem.Lines lines, Verdict[] verdicts) {
    static ValidatedLines of(ReadItem.Lines lines, EventValidator validator) {
        Verdict[] verdicts = new Verdict[lines.count()];
        for (int i = 0; i < lines.count(); i++) {
            verdicts[i] = validator.validate(lines.buf(), lines.starts()[i], lines.ends()[i] - lines.starts()[i]);
        }
        return new ValidatedLines(lines, verdicts);
    }
}
