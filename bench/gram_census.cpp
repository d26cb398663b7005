// news-gram-census: what common grams would cost, counted on a built index.
//
// For the stems of the German stopwords, most frequent first, prints how
// many gram terms (pairs of adjacent words of the unprefixed, positional
// text, as a phrase is checked) and postings the first k of them would add,
// against the index's own terms and postings. The list in
// schema/analysis.cpp (kGramStems) was chosen from its output
// (docs/benchmarks.md, "Common grams").
//
//   news-gram-census --db /tmp/idx [--candidates 30] [--max-docs 0]

#include "schema/analysis.hpp"
#include "schema/text.hpp"

#include <CLI/CLI.hpp>
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace news::schema::data {
std::string_view stopwords_de();
}  // namespace news::schema::data

int main(int argc, char** argv) {
    CLI::App app{"news-gram-census: the cost of common grams per stopword, counted on an index"};
    std::string db_path;
    unsigned candidates = 30;
    unsigned max_docs = 0;
    std::string profile = "full";
    app.add_option("--db", db_path, "index directory")->required();
    app.add_option("--candidates", candidates, "stopword stems to rank (most frequent first)");
    app.add_option("--max-docs", max_docs, "documents to read (0: all)");
    app.add_option("--profile", profile, "analysis profile the index was built with");
    std::vector<std::string> only;
    app.add_option("--stems", only, "count these stems, in this order, instead of the most frequent stopwords");
    CLI11_PARSE(app, argc, argv);

    Xapian::Database db(db_path);
    news::schema::GermanAnalyzer analyzer(news::schema::parse_profile(profile));
    // Candidate stems: the stopwords' stems, by collection frequency.
    std::unordered_set<std::string> stems;
    for (const std::string& raw : news::schema::split(news::schema::data::stopwords_de(), '\n')) {
        std::string w = news::schema::trim(raw);
        if (!w.empty() && w[0] != '#') stems.insert(analyzer.term(w));
    }
    std::vector<std::pair<Xapian::termcount, std::string>> ranked;
    for (const std::string& s : stems)
        if (db.term_exists(s)) ranked.emplace_back(db.get_collection_freq(s), s);
    std::sort(ranked.rbegin(), ranked.rend());
    if (!only.empty()) {
        ranked.clear();
        for (const std::string& s : only) ranked.emplace_back(db.get_collection_freq(s), s);
    }
    if (ranked.size() > candidates) ranked.resize(candidates);
    std::unordered_map<std::string, unsigned> rank;
    for (unsigned i = 0; i < ranked.size(); ++i) rank.emplace(ranked[i].second, i);
    const unsigned none = static_cast<unsigned>(ranked.size());

    std::vector<unsigned long long> postings(ranked.size() + 1, 0);  // by the rank that brings the gram in
    std::unordered_map<std::string, unsigned> grams;                 // distinct grams and their rank
    unsigned long long own_postings = 0, docs = 0, words = 0;
    std::vector<std::pair<Xapian::termpos, const std::string*>> seq;
    std::vector<std::string> terms;
    std::unordered_set<std::string> in_doc;
    for (auto d = db.postlist_begin(""); d != db.postlist_end("") && (!max_docs || docs < max_docs); ++d, ++docs) {
        seq.clear();
        terms.clear();
        in_doc.clear();
        for (auto t = db.termlist_begin(*d); t != db.termlist_end(*d); ++t) {
            ++own_postings;
            const std::string term = *t;
            if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) continue;
            if (t.positionlist_count() == 0) continue;
            terms.push_back(term);
        }
        for (const std::string& term : terms)
            for (auto p = db.positionlist_begin(*d, term); p != db.positionlist_end(*d, term); ++p)
                seq.emplace_back(*p, &term);
        std::sort(seq.begin(), seq.end());
        words += seq.size();
        for (size_t i = 0; i + 1 < seq.size(); ++i) {
            if (seq[i + 1].first != seq[i].first + 1) continue;
            auto ra = rank.find(*seq[i].second), rb = rank.find(*seq[i + 1].second);
            unsigned r = std::min(ra == rank.end() ? none : ra->second, rb == rank.end() ? none : rb->second);
            if (r == none) continue;
            std::string gram = *seq[i].second + ' ' + *seq[i + 1].second;
            if (!in_doc.insert(gram).second) continue;
            ++postings[r];
            grams.emplace(std::move(gram), r);
        }
    }
    std::vector<unsigned long long> distinct(ranked.size() + 1, 0);
    for (const auto& [g, r] : grams) ++distinct[r];
    const unsigned long long own_terms = [&] {
        unsigned long long n = 0;
        for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) ++n;
        return n;
    }();
    std::printf("%llu documents, %llu positional words, %llu postings (%.1f a document), %llu distinct terms\n",
                docs, words, own_postings, double(own_postings) / double(docs), own_terms);
    std::printf("%3s %-10s %6s %10s | %12s %8s %7s | %10s %7s\n", "k", "stem", "df%", "cf", "postings+",
                "per doc", "+%", "terms+", "+%");
    unsigned long long cum_p = 0, cum_t = 0;
    for (unsigned i = 0; i < ranked.size(); ++i) {
        cum_p += postings[i];
        cum_t += distinct[i];
        std::printf("%3u %-10s %5.1f%% %10u | %12llu %8.1f %6.1f%% | %10llu %6.1f%%\n", i + 1, ranked[i].second.c_str(),
                    100.0 * db.get_termfreq(ranked[i].second) / double(db.get_doccount()), ranked[i].first, cum_p,
                    double(cum_p) / double(docs), 100.0 * double(cum_p) / double(own_postings), cum_t,
                    100.0 * double(cum_t) / double(own_terms));
    }
    return 0;
}
