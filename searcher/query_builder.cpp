#include "searcher/query_builder.hpp"

#include "schema/decompounder.hpp"
#include "schema/schema.hpp"
#include "schema/synonyms.hpp"
#include "searcher/query_rewriter.hpp"
#include "searcher/ranking.hpp"
#include "schema/text.hpp"
#include "schema/vocabulary.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>

namespace news::searcher {

namespace {

/// region:/thema:/id:/jahr: values become exact filter terms, normalised
/// the way the indexer normalised them.
class TermProcessor : public Xapian::FieldProcessor {
  public:
    TermProcessor(std::string prefix, const schema::Vocabulary* vocabulary, bool fold)
        : m_prefix(std::move(prefix)), m_vocabulary(vocabulary), m_fold(fold) {}

    Xapian::Query operator()(const std::string& str) override {
        std::string value = m_vocabulary ? m_vocabulary->term_value(str) : m_fold ? schema::fold_key(str) : str;
        if (value.empty()) return Xapian::Query::MatchNothing;
        return Xapian::Query(schema::make_term(m_prefix, value));
    }

  private:
    std::string m_prefix;
    const schema::Vocabulary* m_vocabulary;
    bool m_fold;
};

/// kompositum:Klimaschutzkonzept → the word, its parts as a phrase
/// (Klimaschutz-Konzept) or, weighted lower, near each other ("Konzept für
/// den Klimaschutz").
class CompoundProcessor : public Xapian::FieldProcessor {
  public:
    explicit CompoundProcessor(const QueryBuilder& builder, const schema::GermanAnalyzer& analyzer)
        : m_builder(builder), m_analyzer(analyzer) {}

    Xapian::Query operator()(const std::string& value) override {
        // The parser hands the value over in lower case; the rewriter only
        // wrote capitalised words here.
        std::string word;
        Xapian::Utf8Iterator it(value), end;
        if (it != end) schema::append_utf8(word, Xapian::Unicode::toupper(*it)), ++it;
        if (it != end) word.append(it.raw(), it.left());
        Xapian::Query whole(m_analyzer.term(word));
        std::vector<std::string> parts = m_builder.compound_parts(word);
        if (parts.size() < 2) return whole;
        // Each way of cutting the word in two ("Klimaschutz" + "Konzept",
        // "Klima" + "Schutzkonzept"), and all its parts when more than two.
        std::vector<std::vector<std::string>> cuts;
        for (size_t k = 1; k < parts.size(); ++k) {
            std::string left, right;
            for (size_t i = 0; i < parts.size(); ++i) (i < k ? left : right) += parts[i];
            cuts.push_back({left, right});
        }
        if (parts.size() > 2) cuts.push_back(parts);
        std::vector<Xapian::Query> phrases, nears;
        for (const auto& cut : cuts) {
            std::vector<Xapian::Query> terms;
            for (const std::string& p : cut) terms.emplace_back(m_analyzer.term(p));
            const auto n = static_cast<Xapian::termcount>(terms.size());
            phrases.emplace_back(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), n);
            nears.emplace_back(Xapian::Query::OP_NEAR, terms.begin(), terms.end(), n + kCompoundNearGap);
        }
        phrases.insert(phrases.begin(), whole);
        Xapian::Query near(Xapian::Query::OP_OR, nears.begin(), nears.end());
        return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(Xapian::Query::OP_OR, phrases.begin(), phrases.end()),
                             Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, near, kCompoundNearWeight));
    }

  private:
    const QueryBuilder& m_builder;
    const schema::GermanAnalyzer& m_analyzer;
};

/// akronym:KI → the acronym term only (no "Ki" of "Ban Ki-moon").
class AcronymProcessor : public Xapian::FieldProcessor {
  public:
    Xapian::Query operator()(const std::string& value) override {
        // The parser hands the value over in lower case; the rewriter only
        // wrote words in capitals here.
        std::string term = schema::acronym_term(Xapian::Unicode::toupper(value));
        return term.empty() ? Xapian::Query::MatchNothing : Xapian::Query(term);
    }
};

/// The German word lists for query-side compound splitting, for an index
/// that lacks their compact form: parsed on the first query that has a
/// candidate word (0.5-1.5 s), then shared read-only by every searcher of
/// the process.
std::shared_ptr<const schema::Decompounder> parsed_word_lists() {
    static std::once_flag once;
    static std::shared_ptr<const schema::Decompounder> lists;
    std::call_once(once, [] { lists = schema::Decompounder::load(schema::Decompounder::default_paths()); });
    return lists;
}

/// A capitalised word of 8 letters or more, letters only: worth splitting.
bool compound_candidate(const std::string& word) {
    if (word.size() < 8 || !schema::starts_upper(word) || !schema::acronym_term(word).empty()) return false;
    size_t letters = 0;
    for (Xapian::Utf8Iterator it(word), end; it != end; ++it) {
        if (!Xapian::Unicode::is_wordchar(*it) || Xapian::Unicode::get_category(*it) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER)
            return false;
        ++letters;
    }
    return letters >= 8;
}

bool in_spelling_table(const Xapian::Database& db, const std::string& word) {
    Xapian::TermIterator it = db.spellings_begin();
    it.skip_to(word);
    return it != db.spellings_end() && *it == word;
}

bool is_word_byte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

/// Rewrite every "word*" with its folded prefix; collect the prefixes.
std::string fold_wildcards(const std::string& q, std::vector<std::string>& prefixes,
                           const schema::GermanAnalyzer& analyzer) {
    std::string out;
    size_t i = 0;
    while (i < q.size()) {
        if (!is_word_byte(static_cast<unsigned char>(q[i]))) {
            out += q[i++];
            continue;
        }
        size_t j = i;
        while (j < q.size() && is_word_byte(static_cast<unsigned char>(q[j]))) ++j;
        std::string_view word(q.data() + i, j - i);
        bool field = j < q.size() && q[j] == ':';
        if (j < q.size() && q[j] == '*' && !field) {
            std::string folded = analyzer.fold(word);
            prefixes.push_back(folded);
            out += folded;
        } else {
            out.append(word);
        }
        i = j;
    }
    return out;
}

/// Throws QueryError(TOO_BROAD) for more than kMaxWildcards wildcards or
/// one that stands for more than kMaxWildcardWords words; else returns the
/// words they will be searched as (each at most kWildcardExpansion).
/// Counting stops at the bound, so a check costs at most that many B-tree
/// steps per wildcard. Field wildcards (titel:Fach*) are counted over the
/// text's words, which hold every field's words.
unsigned check_wildcards(const Xapian::Database& db, const std::vector<std::string>& prefixes) {
    if (prefixes.size() > kMaxWildcards)
        throw QueryError("too many wildcards (" + std::to_string(prefixes.size()) + ", at most " +
                             std::to_string(kMaxWildcards) + ")",
                         "q", QueryError::Reason::TOO_BROAD);
    unsigned terms = 0;
    for (const std::string& prefix : prefixes) {
        unsigned words = 0;
        for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix) && words <= kMaxWildcardWords; ++t)
            ++words;
        if (words > kMaxWildcardWords)
            throw QueryError("wildcard '" + prefix + "*' stands for too many words (more than " +
                                 std::to_string(kMaxWildcardWords) + "); give more letters before the *",
                             "q", QueryError::Reason::TOO_BROAD);
        terms += std::min(words, kWildcardExpansion);
    }
    return terms;
}

}  // namespace

std::string date_value(const std::string& date, const char* what) {
    bool shape = date.size() == 10 && date[4] == '-' && date[7] == '-';
    for (size_t i = 0; shape && i < date.size(); ++i)
        if (i != 4 && i != 7 && !std::isdigit(static_cast<unsigned char>(date[i]))) shape = false;
    if (shape) {
        int y = std::stoi(date.substr(0, 4)), m = std::stoi(date.substr(5, 2)), d = std::stoi(date.substr(8, 2));
        static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        if (m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1] && !(m == 2 && d == 29 && !leap))
            return date.substr(0, 4) + date.substr(5, 2) + date.substr(8, 2);
    }
    throw QueryError(std::string("invalid ") + what + " date '" + date + "' (expected YYYY-MM-DD)",
                     std::string(what).substr(what[0] == '-' ? 2 : 0));
}

QueryBuilder::QueryBuilder(const Xapian::Database& db, schema::AnalysisProfile profile,
                           std::shared_ptr<const schema::UmlautFolds> folds)
    : m_db(db), m_analyzer(profile, nullptr, std::move(folds)) {}

std::shared_ptr<const schema::Decompounder> QueryBuilder::word_lists() const {
    if (m_lists) return m_lists;
    if (m_list_source && (m_lists = m_list_source())) return m_lists;
    // The lists the indexer split with, as it stored them: no parsing.
    std::string words = m_db.get_metadata(std::string(schema::kMetaCompoundWords));
    if (!words.empty())
        m_lists = schema::Decompounder::from_blocks(std::move(words),
                                                    m_db.get_metadata(std::string(schema::kMetaCompoundNouns)));
    else
        m_lists = parsed_word_lists();
    return m_lists;
}

std::vector<std::string> QueryBuilder::compound_parts(const std::string& word) const {
    if (!compound_candidate(word)) return {};
    auto lists = word_lists();
    if (!lists || lists->size() == 0) return {};
    std::vector<std::string> parts = lists->split(word);
    if (!parts.empty()) return parts;
    // Fallback: a noun the lists know as head, a modifier the archive has.
    const std::string lower = schema::to_lower(word);
    std::vector<size_t> at;
    for (size_t i = 0; i < lower.size(); ++i)
        if ((static_cast<unsigned char>(lower[i]) & 0xC0) != 0x80) at.push_back(i);
    for (size_t c = 4; c + 4 <= at.size(); ++c) {  // longest head first
        std::string modifier = lower.substr(0, at[c]), head = lower.substr(at[c]);
        if (lists->is_noun(head) && in_spelling_table(m_db, modifier)) return {modifier, head};
    }
    return {};
}

Xapian::QueryParser QueryBuilder::make_parser() const {
    Xapian::QueryParser qp;
    m_analyzer.configure(qp);
    if (m_analyzer.profile() == schema::AnalysisProfile::FULL) {
        qp.add_prefix(std::string(kCompoundField), (new CompoundProcessor(*this, m_analyzer))->release());
        qp.add_prefix(std::string(kAcronymField), (new AcronymProcessor)->release());
    }
    qp.set_database(m_db);
    qp.set_default_op(Xapian::Query::OP_AND);
    qp.set_max_expansion(kWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                         Xapian::QueryParser::FLAG_WILDCARD);
    for (const schema::Field& f : schema::fields()) {
        for (std::string_view qn : f.query_names) {
            std::string name(qn);
            switch (f.kind) {
                case schema::FieldKind::TEXT:
                    if (!f.prefix.empty()) qp.add_prefix(name, std::string(f.prefix));
                    break;
                case schema::FieldKind::KEYWORD:
                    qp.add_boolean_prefix(name, (new TermProcessor(std::string(f.prefix), f.vocabulary, true))->release());
                    break;
                case schema::FieldKind::ID:
                    qp.add_boolean_prefix(name, (new TermProcessor(std::string(f.prefix), nullptr, false))->release());
                    break;
                case schema::FieldKind::DATE:
                    if (f.slot)
                        qp.add_rangeprocessor(
                            (new Xapian::DateRangeProcessor(schema::slot(*f.slot), name + ":"))->release());
                    break;
                case schema::FieldKind::STORED:
                    break;
            }
        }
    }
    for (const char* year : {"jahr", "year"})
        qp.add_boolean_prefix(year, (new TermProcessor(std::string(schema::kYearPrefix), nullptr, true))->release());
    return qp;
}

Xapian::QueryParser& QueryBuilder::parser() {
    if (!m_parser) m_parser = make_parser();
    return *m_parser;
}

std::string QueryBuilder::prepare(const std::string& query) const {
    static const std::vector<std::string> unpositioned = [] {
        std::vector<std::string> names;
        for (const schema::Field& f : schema::fields())
            if (f.kind == schema::FieldKind::TEXT && !f.prefix.empty() && !f.prefix_positions)
                for (std::string_view n : f.query_names) names.emplace_back(n);
        return names;
    }();
    std::string q = expand_field_phrases(query, unpositioned);
    if (m_analyzer.profile() != schema::AnalysisProfile::FULL) return q;
    RewriteOptions options;
    options.acronyms = true;
    options.is_compound = [this](const std::string& word) { return compound_parts(word).size() >= 2; };
    return rewrite_query(q, schema::synonyms(), options);
}

std::string QueryBuilder::describe(const std::string& query) {
    Xapian::QueryParser& qp = parser();
    std::vector<std::string> prefixes;
    const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                           Xapian::QueryParser::FLAG_PURE_NOT;
    return qp.parse_query(fold_wildcards(prepare(query), prefixes, m_analyzer), flags).get_description();
}

BuiltQuery QueryBuilder::build(const SearchRequest& req) {
    BuiltQuery out;
    std::string q = schema::trim(req.query);
    std::vector<Xapian::Query> filters;
    auto any_of = [](std::string_view prefix, const schema::Vocabulary& vocab, const std::vector<std::string>& values) {
        std::vector<Xapian::Query> terms;
        for (const std::string& v : values) {
            std::string key = vocab.term_value(v);
            if (!key.empty()) terms.emplace_back(schema::make_term(prefix, key));
        }
        return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
    };
    for (const schema::Field& f : schema::fields()) {
        const std::vector<std::string>* values =
            f.name == "regions" ? &req.regions : f.name == "topics" ? &req.topics : nullptr;
        if (values && !values->empty() && f.vocabulary) filters.push_back(any_of(f.prefix, *f.vocabulary, *values));
    }
    if (!req.from.empty() || !req.to.empty()) {
        const auto date_slot = schema::slot(schema::Slot::DATE);
        std::string from = req.from.empty() ? "" : date_value(req.from, "--from");
        std::string to = req.to.empty() ? "" : date_value(req.to, "--to");
        if (!from.empty() && !to.empty() && from > to) throw QueryError("--from is after --to", "from");
        if (from.empty()) filters.emplace_back(Xapian::Query::OP_VALUE_LE, date_slot, to);
        else if (to.empty()) filters.emplace_back(Xapian::Query::OP_VALUE_GE, date_slot, from);
        else filters.emplace_back(Xapian::Query::OP_VALUE_RANGE, date_slot, from, to);
    }
    if (!filters.empty()) out.filter = Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());

    if (!req.like.empty()) {
        out.query = more_like_this(m_db, schema::make_term("Q", req.like));
        if (out.query.get_type() == Xapian::Query::LEAF_MATCH_NOTHING)
            throw QueryError("no article with id '" + req.like + "'", "like");
        out.has_words = true;
        return out;
    }
    if (q.empty()) {
        if (filters.empty()) throw QueryError("empty query: give search words or a filter (region, topic, date)");
        out.query = Xapian::Query::MatchAll;
        return out;
    }
    Xapian::QueryParser& qp = parser();
    unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                     Xapian::QueryParser::FLAG_PURE_NOT;
    try {
        out.query = qp.parse_query(fold_wildcards(prepare(q), out.wildcard_prefixes, m_analyzer), flags);
        out.wildcard_terms = check_wildcards(m_db, out.wildcard_prefixes);
    } catch (const Xapian::QueryParserError& e) {
        throw QueryError("cannot parse query '" + q + "': " + e.get_msg());
    } catch (const Xapian::Error& e) {
        throw QueryError("cannot run query '" + q + "': " + e.get_msg());
    }
    out.has_words = true;
    if (req.spelling) out.corrected = correct_spelling(q);
    return out;
}

unsigned QueryBuilder::wildcard_terms(const std::string& query) const {
    std::vector<std::string> prefixes;
    fold_wildcards(prepare(query), prefixes, m_analyzer);
    return check_wildcards(m_db, prefixes);
}

std::string QueryBuilder::correct_spelling(const std::string& q) const {
    // Only words the archive never contains are corrected: a known word is
    // left alone even when a more frequent neighbour exists.
    std::string out;
    bool changed = false;
    unsigned lookups = 0;
    size_t i = 0;
    while (i < q.size()) {
        if (!is_word_byte(static_cast<unsigned char>(q[i]))) {
            out += q[i++];
            continue;
        }
        size_t j = i;
        while (j < q.size() && is_word_byte(static_cast<unsigned char>(q[j]))) ++j;
        std::string word = q.substr(i, j - i);
        bool special = (j < q.size() && (q[j] == ':' || q[j] == '*')) || word == "AND" || word == "OR" ||
                       word == "NOT" || word == "XOR" || word == "NEAR" || word == "ADJ";
        std::string lower = schema::to_lower(word);
        bool has_digit = std::any_of(word.begin(), word.end(), [](unsigned char c) { return std::isdigit(c); });
        if (!special && !has_digit && lower.size() >= 4 && lookups < kMaxSpellingLookups &&
            !in_spelling_table(m_db, lower) && !m_db.term_exists(m_analyzer.term(lower))) {
            ++lookups;
            std::string fix = m_db.get_spelling_suggestion(lower, 2);
            if (!fix.empty()) {
                // Keep the user's capitalisation of the first letter.
                if (std::isupper(static_cast<unsigned char>(word[0])) || word.rfind("Ä", 0) == 0 ||
                    word.rfind("Ö", 0) == 0 || word.rfind("Ü", 0) == 0) {
                    std::string first;
                    Xapian::Utf8Iterator it(fix);
                    schema::append_utf8(first, Xapian::Unicode::toupper(*it));
                    ++it;
                    fix = first + (it.raw() ? std::string(it.raw(), it.left()) : std::string());
                }
                word = fix;
                changed = true;
            }
        }
        out += word;
        i = j;
    }
    return changed ? out : std::string();
}

}  // namespace news::searcher
