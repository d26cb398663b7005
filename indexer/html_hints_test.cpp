#include "indexer/html_hints.hpp"

#include <catch2/catch.hpp>

using namespace news::indexer::html;

TEST_CASE("class and id words skip modifier and taxonomy classes", "[html][hints]") {
    CHECK(hint_words("entry-content no-share", "") == std::vector<std::string>{"entry", "content"});
    CHECK(hint_words("post tag-comments category-share js-related", "main") ==
          std::vector<std::string>{"post", "main"});
    CHECK(hint_words("articleBody", "Story__Text") ==
          std::vector<std::string>{"articlebody", "article", "body", "story", "text"});
    // Camel case: the word as written, then its parts.
    CHECK(hint_words("recipeCopyrightText", "URLBox") ==
          std::vector<std::string>{"recipecopyrighttext", "recipe", "copyright", "text", "urlbox"});
    CHECK(hint_words("js-relatedPosts", "") == std::vector<std::string>{});
}

TEST_CASE("class and id hints classify elements", "[html][hints]") {
    struct Row {
        const char* klass;
        const char* id;
        HintKind kind;
        const char* word;
    };
    const Row rows[] = {
        {"entry-content", "", HintKind::CONTENT, "entrycontent"},
        {"article__body", "", HintKind::CONTENT, "articlebody"},
        {"", "artikelText", HintKind::CONTENT, "artikeltext"},
        {"sidebar-and-content-body", "", HintKind::CONTENT, "contentbody"},  // content wins over furniture
        {"ArticleBodyWrapper", "", HintKind::CONTENT, "articlebody"},
        {"story-body__inner", "", HintKind::CONTENT, "storybody"},
        {"ArticleBody-read-time-29pGN", "", HintKind::MINOR, "time"},  // a part of the body, not the body
        {"comment-content", "", HintKind::BOILERPLATE, "comment"},          // comments win over content
        {"", "cookie-banner", HintKind::BOILERPLATE, "cookie"},
        {"recipeCopyright", "", HintKind::BOILERPLATE, "copyright"},  // camel-case parts count
        {"lee-tambien-box", "", HintKind::WEAK_BOILERPLATE, "leetambien"},  // "read also" in the site's language
        {"", "mehr_zum_thema", HintKind::WEAK_BOILERPLATE, "mehrzumthema"},
        {"LesenSieAuch", "", HintKind::WEAK_BOILERPLATE, "lesensieauch"},
        {"single-content read-more", "", HintKind::NONE, ""},  // folded text of the article
        {"artikel-teilen", "", HintKind::WEAK_BOILERPLATE, "teilen"},  // German names of furniture
        {"", "leseempfehlungen", HintKind::WEAK_BOILERPLATE, "leseempfehlungen"},
        {"bildunterschrift", "", HintKind::MINOR, "bildunterschrift"},
        {"live-match-comments", "", HintKind::NONE, ""},                // a ticker's commentary is the article
        {"", "liveticker-kommentare", HintKind::NONE, ""},
        {"live-comments sidebar", "", HintKind::WEAK_BOILERPLATE, "sidebar"},
        {"", "newsBanner", HintKind::WEAK_BOILERPLATE, "banner"},
        {"site-footer", "", HintKind::BOILERPLATE, "footer"},
        {"cookienotice", "", HintKind::BOILERPLATE, "cookienotice"},
        {"share-bar", "", HintKind::WEAK_BOILERPLATE, "share"},
        {"relatedposts", "", HintKind::WEAK_BOILERPLATE, "relatedposts"},
        {"widget Blog", "Blog1", HintKind::NONE, ""},  // Blogger and page builders call every block a widget
        {"wp-caption-text", "", HintKind::MINOR, "caption"},
        {"article-byline", "", HintKind::MINOR, "byline"},
        {"news-detail__date", "", HintKind::MINOR, "date"},
        {"sr-only", "", HintKind::HIDDEN, "sr-only"},
        {"hidden-xs", "", HintKind::NONE, ""},  // hidden on small screens only
        {"commentary", "", HintKind::NONE, ""},  // an article type, not comments
        {"post tag-comments category-share", "", HintKind::NONE, ""},
        {"", "", HintKind::NONE, ""},
    };
    for (const Row& r : rows) {
        CAPTURE(r.klass, r.id);
        Hint h = classify_hint(r.klass, r.id);
        CHECK(h.kind == r.kind);
        CHECK(h.word == r.word);
    }
}

TEST_CASE("ARIA roles of page furniture", "[html][hints]") {
    for (const char* role : {"navigation", "banner", "contentinfo", "complementary", "Search"}) {
        CAPTURE(role);
        CHECK(is_boilerplate_role(role));
    }
    for (const char* role : {"main", "article", "", "img"}) {
        CAPTURE(role);
        CHECK_FALSE(is_boilerplate_role(role));
    }
}

TEST_CASE("lead names written with separators", "[html][hints]") {
    using news::indexer::html::is_lead_hint;
    CHECK(is_lead_hint("teaser-text", ""));
    CHECK(is_lead_hint("intro_text", ""));
    CHECK_FALSE(is_lead_hint("teaser", ""));
    CHECK_FALSE(is_lead_hint("text", ""));
}
