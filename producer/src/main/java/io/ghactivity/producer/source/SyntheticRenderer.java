package io.ghactivity.producer.source;

import io.ghactivity.contracts.synthetic.SyntheticEvent;
import io.ghactivity.contracts.synthetic.SyntheticModel;
import java.time.Instant;

/**
 * Renders a {@link SyntheticEvent} tuple as a GH Archive line: the envelope of the real files (id as a string, type,
 * actor, repo, payload, public, created_at, org on org repos) and a payload shaped like the real one of its type
 * (see the samples in ../shared/data/real), with text lengths drawn so the mean line is about 4.5 KB, as in 2022.
 */
final class SyntheticRenderer {
    private final SyntheticModel model;
    private final Text text = new Text();
    private final Shapes shapes;

    SyntheticRenderer(SyntheticModel model) {
        this.model = model;
        this.shapes = new Shapes(text);
    }

    /** Renders one event (no line terminator) into {@code out}, which is reset first. */
    void render(SyntheticEvent e, JsonOut out) {
        out.reset();
        String login = SyntheticModel.actorLogin(e.actorId());
        String repo = model.repoName(e.repoId(), e.orgId());
        String createdAt = Instant.ofEpochSecond(e.createdAtSecond()).toString();
        out.begin();
        out.str("id", "", e.id(), "");
        out.str("type", e.type());
        out.begin("actor");
        out.num("id", e.actorId()).str("login", login).str("display_login", login).str("gravatar_id", "")
                .str("url", "https://api.github.com/users/" + login)
                .str("avatar_url", "https://avatars.githubusercontent.com/u/", e.actorId(), "?");
        out.end();
        out.begin("repo").num("id", e.repoId()).str("name", repo).str("url", "https://api.github.com/repos/" + repo).end();
        out.begin("payload");
        shapes.payload(e, login, repo, createdAt, out);
        out.end();
        out.bool("public", true);
        out.str("created_at", createdAt);
        if (e.orgId() != 0) {
            String org = SyntheticModel.orgLogin(e.orgId());
            out.begin("org").num("id", e.orgId()).str("login", org).str("gravatar_id", "")
                    .str("url", "https://api.github.com/orgs/" + org)
                    .str("avatar_url", "https://avatars.githubusercontent.com/u/", e.orgId(), "?").end();
        }
        out.end();
    }
}
