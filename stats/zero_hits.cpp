#include "stats/zero_hits.hpp"

#include "schema/synonyms.hpp"
#include "schema/text.hpp"

namespace news::stats {

namespace {

std::uint64_t count(searcher::Searcher& s, const std::string& query) {
    searcher::SearchRequest req;
    req.query = query;
    req.limit = 1;
    req.facets = req.snippets = req.spelling = false;
    try {
        return s.search(req).total;
    } catch (const searcher::QueryError&) {
        return 0;
    }
}

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
    return out;
}

ZeroHitHelp help_for(searcher::Searcher& s, const std::string& normalised) {
    ZeroHitHelp help;
    std::vector<std::string> words;
    for (const std::string& w : schema::split(normalised, ' '))
        if (!w.empty() && w != "#") words.push_back(w);
    if (words.empty()) return help;
    const std::string query = join(words);
    searcher::SearchRequest req;
    req.query = query;
    req.limit = 1;
    req.facets = req.snippets = false;
    req.spelling = true;
    try {
        searcher::SearchResult r = s.search(req);
        if (!r.suggestion.empty()) {
            help.suggestion = r.suggestion;
            help.suggestion_hits = count(s, r.suggestion);
        }
    } catch (const searcher::QueryError&) {
        return help;
    }
    // Each synonym form in place of the words it matches; the best one.
    const schema::Synonyms& synonyms = schema::synonyms();
    for (size_t i = 0; i < words.size(); ++i) {
        schema::Synonyms::Match m = synonyms.find(words, i);
        if (m.group < 0) continue;
        const std::string matched_key = schema::fold_key(join({words.begin() + static_cast<std::ptrdiff_t>(i),
                                                               words.begin() + static_cast<std::ptrdiff_t>(i + m.length)}));
        for (const std::string& form : synonyms.forms(m.group)) {
            if (schema::fold_key(form) == matched_key) continue;
            std::vector<std::string> alt(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(i));
            alt.push_back(form.find(' ') == std::string::npos ? form : "\"" + form + "\"");
            alt.insert(alt.end(), words.begin() + static_cast<std::ptrdiff_t>(i + m.length), words.end());
            std::string q = join(alt);
            std::uint64_t n = count(s, q);
            if (n > help.synonym_hits) {
                help.synonym_hits = n;
                help.synonym_query = q;
            }
        }
    }
    return help;
}

}  // namespace

void add_zero_hit_help(Report& r, searcher::Searcher& s) {
    r.zero_hit_help.clear();
    for (const QueryRow& q : r.zero_hits) r.zero_hit_help.push_back(help_for(s, q.query));
}

}  // namespace news::stats
