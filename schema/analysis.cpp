#include "schema/analysis.hpp"

#include "schema/decompounder.hpp"
#include "schema/normaliser.hpp"
#include "schema/schema.hpp"
#include "schema/text.hpp"
#include "schema/umlaut_stem.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

namespace news::schema {

namespace data {
std::string_view stopwords_de();
}  // namespace data

std::string_view to_string(AnalysisProfile p) { return p == AnalysisProfile::FULL ? "full" : "basic"; }

AnalysisProfile parse_profile(std::string_view s) {
    if (s == "full") return AnalysisProfile::FULL;
    if (s == "basic") return AnalysisProfile::BASIC;
    throw std::invalid_argument("unknown analysis profile '" + std::string(s) + "' (basic or full)");
}

std::string fold_like_stem(std::string_view word) {
    std::string lower = to_lower(word);
    std::string out;
    out.reserve(lower.size());
    for (size_t i = 0; i < lower.size(); ++i) {
        std::string_view rest(lower.data() + i, lower.size() - i);
        if (rest.rfind("ä", 0) == 0) { out += 'a'; ++i; continue; }
        if (rest.rfind("ö", 0) == 0) { out += 'o'; ++i; continue; }
        if (rest.rfind("ü", 0) == 0) { out += 'u'; ++i; continue; }
        if (rest.rfind("ß", 0) == 0) { out += "ss"; ++i; continue; }
        char c = lower[i];
        out += c;
        if ((c == 'a' || c == 'o' || c == 'u') && i + 1 < lower.size() && lower[i + 1] == 'e' &&
            !(c == 'u' && i > 0 && lower[i - 1] == 'q'))
            ++i;  // ae, oe, ue: the transcribed umlaut
    }
    return out;
}

std::string acronym_term(std::string_view word) {
    size_t letters = 0;
    for (Xapian::Utf8Iterator it(word.data(), word.size()), end; it != end; ++it) {
        if (Xapian::Unicode::get_category(*it) != Xapian::Unicode::UPPERCASE_LETTER) return {};
        if (++letters > 4) return {};
    }
    if (letters < 2) return {};
    return std::string(kAcronymPrefix) + to_lower(word);
}

GermanAnalyzer::GermanAnalyzer(AnalysisProfile profile, std::shared_ptr<const Decompounder> compounds,
                               std::shared_ptr<const UmlautFolds> folds)
    : m_profile(profile), m_compounds(std::move(compounds)), m_stem("german2") {
    if (m_profile == AnalysisProfile::FULL) {
        if (!folds && m_compounds) folds = m_compounds->umlaut_folds();
        m_stem = make_umlaut_stem(std::move(folds));
    }
    for (const std::string& raw : split(data::stopwords_de(), '\n')) {
        std::string word = trim(raw);
        if (!word.empty() && word[0] != '#') m_stopwords.insert(word);
    }
}

void GermanAnalyzer::configure(Xapian::TermGenerator& tg) const {
    tg.set_stemmer(m_stem);
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
}

void GermanAnalyzer::configure(Xapian::QueryParser& qp) const {
    qp.set_stemmer(m_stem);
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
    // Reference counted by Xapian: the parser owns and frees it.
    qp.set_stopper((new Xapian::SimpleStopper(m_stopwords.begin(), m_stopwords.end()))->release());
}

std::string GermanAnalyzer::prepare(std::string_view text) const {
    return m_profile == AnalysisProfile::FULL ? normalise_gender(text) : std::string(text);
}

std::string GermanAnalyzer::fold(std::string_view word) const {
    return m_profile == AnalysisProfile::FULL ? normalise_umlauts(word) : fold_like_stem(word);
}

void GermanAnalyzer::extra_terms(const std::string& word, std::vector<std::string>& out) const {
    if (m_profile != AnalysisProfile::FULL || word.empty() || !starts_upper(word)) return;
    std::string acronym = acronym_term(word);
    if (!acronym.empty()) {
        out.push_back(std::move(acronym));
        return;
    }
    // Nouns: feminine plurals and compounds.
    std::string base = gender_base(word);
    if (!base.empty()) out.push_back(term(base));
    if (!m_compounds || m_compounds->size() == 0) return;
    for (const std::string& part : m_compounds->split(word)) {
        std::string stem = m_stem(part);
        std::string folded = fold(part);
        if (folded != stem) out.push_back(std::move(folded));
        out.push_back(std::move(stem));
    }
}

void GermanAnalyzer::for_each_extra_term(std::string_view text,
                                          const std::function<void(const std::string&)>& fn) const {
    if (m_profile != AnalysisProfile::FULL) return;
    std::string word;
    std::vector<std::string> extra;
    auto flush = [&] {
        extra_terms(word, extra);
        for (const std::string& t : extra) fn(t);
        extra.clear();
        word.clear();
    };
    for (Xapian::Utf8Iterator it(text.data(), text.size()), end; it != end; ++it) {
        unsigned cp = *it;
        if (is_word_char(cp)) append_utf8(word, cp);
        else flush();
    }
    flush();
}

namespace {

/// The gram stems: see is_gram_stem(). Stems as both profiles index them
/// (analysis_test checks that each word's stem is here in both).
constexpr std::string_view kGramStems[] = {"in"};

}  // namespace

bool is_gram_stem(std::string_view term) {
    for (std::string_view s : kGramStems)
        if (s == term) return true;
    return false;
}

std::string gram_stems_text() {
    std::string out;
    for (std::string_view s : kGramStems) out.append(out.empty() ? "" : " ").append(s);
    return out;
}

std::string gram_term(std::string_view left, std::string_view right) {
    std::string pair;
    pair.reserve(left.size() + 1 + right.size());
    pair.append(left).append(1, ' ').append(right);
    return make_term(kGramPrefix, pair);
}

void add_common_grams(Xapian::Document& doc) {
    std::vector<std::string> terms;
    std::vector<bool> gram;
    std::vector<std::pair<Xapian::termpos, unsigned>> at;  // position, index into terms
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        std::string term = *t;
        if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) continue;  // prefixed
        auto p = t.positionlist_begin(), end = t.positionlist_end();
        if (p == end) continue;
        const auto index = static_cast<unsigned>(terms.size());
        for (; p != end; ++p) at.emplace_back(*p, index);
        gram.push_back(is_gram_stem(term));
        terms.push_back(std::move(term));
    }
    std::sort(at.begin(), at.end());
    size_t next = 0;
    for (size_t i = 0; i < at.size(); ++i) {
        const Xapian::termpos after = at[i].first + 1;
        while (next < at.size() && at[next].first < after) ++next;
        for (size_t k = next; k < at.size() && at[k].first == after; ++k)
            if (gram[at[i].second] || gram[at[k].second])
                doc.add_boolean_term(gram_term(terms[at[i].second], terms[at[k].second]));
    }
}

std::string GermanAnalyzer::term(std::string_view word) const { return m_stem(to_lower(word)); }

bool GermanAnalyzer::is_stopword(const std::string& lower_word) const { return m_stopwords.count(lower_word) != 0; }

}  // namespace news::schema
