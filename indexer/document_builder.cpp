#include "indexer/document_builder.hpp"

#include "indexer/stem_cache.hpp"
#include "schema/document_data.hpp"
#include "schema/schema.hpp"
#include "schema/text.hpp"
#include "schema/vocabulary.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <unordered_set>

namespace news::indexer {

namespace {

const std::string kEmpty;
const std::vector<std::string> kNone;

/// Near-duplicate signature: the folded title and two min-hashes over the
/// 4-word shingles of the body. A press release published twice (same
/// title, same text give or take small edits) shares it with high
/// probability; articles with different titles never do, even when their
/// bodies are the same boilerplate ("Der Volltext … steht nicht mehr zur
/// Verfügung").
std::string near_duplicate_key(const Article& a) {
    std::vector<std::string> words;
    std::string w;
    auto flush = [&] {
        if (!w.empty()) words.push_back(schema::fold_key(w));
        w.clear();
    };
    for (char c : a.body) {
        if (c == ' ' || c == '\n' || c == '\t') flush();
        else w += c;
    }
    flush();
    std::string title = schema::hash64_hex(schema::fold_key(a.title));
    if (words.size() < 8) return title + schema::hash64_hex(a.body);
    // schema::hash64 (FNV-1a) of "w1 w2 w3 w4" and of that plus "\x01",
    // computed in place instead of on built strings.
    constexpr std::uint64_t kPrime = 1099511628211ULL;
    std::uint64_t min1 = UINT64_MAX, min2 = UINT64_MAX;
    for (size_t i = 0; i + 4 <= words.size(); ++i) {
        std::uint64_t h = 1469598103934665603ULL;
        for (size_t k = i; k < i + 4; ++k) {
            if (k > i) h = (h ^ static_cast<unsigned char>(' ')) * kPrime;
            for (unsigned char c : words[k]) h = (h ^ c) * kPrime;
        }
        min1 = std::min(min1, h);
        min2 = std::min(min2, (h ^ 0x01u) * kPrime);
    }
    return title + schema::hash64_hex(std::to_string(min1)) + schema::hash64_hex(std::to_string(min2));
}

}  // namespace

const std::string& field_text(const Article& a, std::string_view field) {
    if (field == "title") return a.title;
    if (field == "lead") return a.lead;
    if (field == "body") return a.body;
    if (field == "author") return a.author;
    if (field == "url") return a.url;
    if (field == "id") return a.id;
    if (field == "date") return a.date;
    return kEmpty;
}

const std::vector<std::string>& field_values(const Article& a, std::string_view field) {
    if (field == "regions") return a.regions;
    if (field == "topics") return a.topics;
    if (field == "place_regions") return a.place_regions;
    return kNone;
}

DocumentBuilder::DocumentBuilder(schema::AnalysisProfile profile, std::shared_ptr<const schema::Decompounder> compounds,
                                 std::shared_ptr<const schema::UmlautFolds> folds)
    : m_analyzer(profile, std::move(compounds), std::move(folds)) {
    m_analyzer.configure(m_tg);
    m_tg.set_stemmer(make_cached_stem(m_analyzer.stemmer()));
}

const DocumentBuilder::WordInfo& DocumentBuilder::word_info(const std::string& word) {
    auto it = m_words.find(word);
    if (it != m_words.end()) return it->second;
    if (m_words.size() >= kWordCacheSize) m_words.clear();
    WordInfo info;
    // Spelling: the lower-cased word of 3 to 40 characters, not digits alone.
    size_t letters = 0, length = 0;
    std::string lower;
    for (Xapian::Utf8Iterator u(word), end; u != end; ++u) {
        unsigned cp = *u;
        schema::append_utf8(lower, Xapian::Unicode::tolower(cp));
        ++length;
        if (Xapian::Unicode::get_category(cp) != Xapian::Unicode::DECIMAL_DIGIT_NUMBER) ++letters;
    }
    if (letters > 0 && length >= 3 && length <= 40) info.spelling = std::move(lower);
    m_analyzer.extra_terms(word, info.extra);
    return m_words.emplace(word, std::move(info)).first->second;
}

template <typename Fn>
void DocumentBuilder::for_each_word(const std::string& text, Fn&& fn) {
    std::string word;
    for (Xapian::Utf8Iterator it(text), end; it != end; ++it) {
        unsigned cp = *it;
        if (schema::is_word_char(cp)) {
            schema::append_utf8(word, cp);
        } else if (!word.empty()) {
            fn(word_info(word));
            word.clear();
        }
    }
    if (!word.empty()) fn(word_info(word));
}

BuiltDocument DocumentBuilder::build(const Article& a, const std::string& source_key) {
    using schema::FieldKind;
    BuiltDocument out;
    Xapian::Document& doc = out.doc;
    m_tg.set_document(doc);
    std::unordered_set<std::string> spelling;

    for (const schema::Field& f : schema::fields()) {
        switch (f.kind) {
            case FieldKind::ID:
                out.id_term = schema::make_term(f.prefix, a.id);
                out.id = a.id;
                doc.add_boolean_term(out.id_term);
                break;
            case FieldKind::STORED: {
                const std::string& v = field_text(a, f.name);
                if (!v.empty() && !f.prefix.empty()) doc.add_boolean_term(schema::make_term(f.prefix, v));
                break;
            }
            case FieldKind::TEXT: {
                if (field_text(a, f.name).empty()) break;
                const std::string text = m_analyzer.prepare(field_text(a, f.name));
                const std::string prefix(f.prefix);
                if (f.weight > 0) m_tg.index_text(text, f.weight);
                if (!prefix.empty() && f.prefix_positions) {
                    m_tg.increase_termpos(100);
                    m_tg.index_text(text, 1, prefix);
                } else if (!prefix.empty()) {
                    m_tg.index_text_without_positions(text, 1, prefix);
                }
                // Compound parts and feminine-plural bases: no positions (they
                // match words, not phrases).
                const bool spell = f.name != "author";
                for_each_word(text, [&](const WordInfo& w) {
                    for (const std::string& term : w.extra) {
                        if (f.weight > 0) doc.add_term(term, 1);
                        if (!prefix.empty()) doc.add_term(prefix + term, 1);
                    }
                    if (spell && !w.spelling.empty()) spelling.insert(w.spelling);
                });
                m_tg.increase_termpos(100);  // no phrase spans two fields
                break;
            }
            case FieldKind::DATE: {
                if (a.date.size() != 10) break;
                std::string ymd = a.date.substr(0, 4) + a.date.substr(5, 2) + a.date.substr(8, 2);
                doc.add_value(schema::slot(schema::Slot::DATE), ymd);
                doc.add_value(schema::slot(schema::Slot::YEAR), a.date.substr(0, 4));
                doc.add_value(schema::slot(schema::Slot::MONTH), a.date.substr(0, 7));
                doc.add_boolean_term(std::string(schema::kDayPrefix) + ymd);
                doc.add_boolean_term(std::string(schema::kMonthPrefix) + ymd.substr(0, 6));
                doc.add_boolean_term(std::string(schema::kYearPrefix) + ymd.substr(0, 4));
                break;
            }
            case FieldKind::KEYWORD: {
                const auto& values = field_values(a, f.name);
                std::string joined;
                for (const std::string& v : values) {
                    std::string key = f.vocabulary ? f.vocabulary->term_value(v) : schema::fold_key(v);
                    if (key.empty()) continue;
                    doc.add_boolean_term(schema::make_term(f.prefix, key));
                    if (!joined.empty()) joined += schema::kListSeparator;
                    joined += v;
                }
                if (f.slot && !joined.empty()) doc.add_value(schema::slot(*f.slot), joined);
                break;
            }
        }
    }
    schema::add_common_grams(doc);
    doc.add_boolean_term(schema::make_term(schema::kSourcePrefix, source_key));
    doc.add_value(schema::slot(schema::Slot::DUPKEY), near_duplicate_key(a));

    // The file's size, mtime and hash live once per file in the metadata
    // (index_meta.hpp), not in each document.
    // The body after the JSON (schema/document_data.hpp); a body that is not
    // well-formed UTF-8 stays inside, where the JSON writer repairs it.
    nlohmann::json data = to_json(a);
    const bool body_outside = schema::is_valid_utf8(a.body);
    if (body_outside) data.erase("body");
    std::string header = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    doc.set_data(body_outside ? schema::join_document_data(std::move(header), a.body) : header);
    out.spelling.assign(spelling.begin(), spelling.end());
    return out;
}

}  // namespace news::indexer
