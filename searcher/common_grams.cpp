#include "searcher/common_grams.hpp"

#include "schema/analysis.hpp"

#include <string>
#include <vector>

namespace news::searcher {

namespace {

bool is_free_text(const std::string& t) { return !t.empty() && !(t[0] >= 'A' && t[0] <= 'Z'); }

/// Whether a phrase's window is its number of words (the parser's quoted
/// phrases): Xapian 1.4 has no accessor for it, its description says
/// "(a@1 PHRASE 2 b@2)".
bool exact_window(const Xapian::Query& phrase) {
    return phrase.get_description().find(" PHRASE " + std::to_string(phrase.get_num_subqueries()) + " ") !=
           std::string::npos;
}

Xapian::Query rewrite_phrase(const Xapian::Query& q) {
    const size_t n = q.get_num_subqueries();
    if (n < 2) return q;
    std::vector<Xapian::Query> words;
    std::vector<std::string> terms;
    for (size_t i = 0; i < n; ++i) {
        Xapian::Query w = q.get_subquery(i);
        if (w.get_type() != Xapian::Query::LEAF_TERM || w.get_terms_begin() == w.get_terms_end()) return q;
        std::string t = *w.get_terms_begin();
        if (!is_free_text(t)) return q;
        terms.push_back(std::move(t));
        words.push_back(std::move(w));
    }
    std::vector<Xapian::Query> grams;
    for (size_t i = 0; i + 1 < n; ++i)
        if (schema::is_gram_stem(terms[i]) || schema::is_gram_stem(terms[i + 1]))
            grams.emplace_back(schema::gram_term(terms[i], terms[i + 1]));
    if (grams.empty() || !exact_window(q)) return q;
    Xapian::Query filter = grams.size() == 1 ? grams.front() : Xapian::Query(Xapian::Query::OP_AND, grams.begin(), grams.end());
    // Two words: the gram is the phrase. More: the grams only narrow the
    // documents whose positions are checked.
    Xapian::Query base = n == 2 ? Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end()) : q;
    return Xapian::Query(Xapian::Query::OP_FILTER, base, filter);
}

Xapian::Query rewrite(const Xapian::Query& q, bool& changed) {
    using Q = Xapian::Query;
    switch (q.get_type()) {
        case Q::OP_PHRASE: {
            Xapian::Query r = rewrite_phrase(q);
            if (r.get_type() != Q::OP_PHRASE) changed = true;
            return r;
        }
        case Q::OP_AND:
        case Q::OP_OR:
        case Q::OP_AND_NOT:
        case Q::OP_FILTER:
        case Q::OP_AND_MAYBE: {
            bool any = false;
            std::vector<Xapian::Query> subs;
            for (size_t i = 0; i < q.get_num_subqueries(); ++i) subs.push_back(rewrite(q.get_subquery(i), any));
            if (!any) return q;
            changed = true;
            return Xapian::Query(q.get_type(), subs.begin(), subs.end());
        }
        default:
            return q;  // leaves, and operators with parameters or their own statistics (SYNONYM, NEAR, ...)
    }
}

}  // namespace

Xapian::Query with_common_grams(const Xapian::Query& query) {
    bool changed = false;
    Xapian::Query r = rewrite(query, changed);
    return changed ? r : query;
}

}  // namespace news::searcher
