package io.ghactivity.contracts.synthetic;

/** Pronounceable deterministic words from a number, for synthetic logins and repo names. */
final class Names {
    private static final String[] SYLLABLES = {
        "ka", "lo", "mi", "nu", "re", "sa", "to", "vi", "zen", "dar", "el", "fin", "go", "hal", "io", "jun",
        "kor", "lin", "mar", "nor", "ob", "pix", "qua", "ros", "sol", "tek", "ul", "ven", "wyn", "xo", "yar", "zu"};

    private Names() {
    }

    static String word(long n, int syllables) {
        StringBuilder sb = new StringBuilder(syllables * 3);
        long x = SyntheticModel.mix(n);
        for (int i = 0; i < syllables; i++) {
            sb.append(SYLLABLES[(int) (x & 31)]);
            x >>>= 5;
        }
        return sb.toString();
    }
}
