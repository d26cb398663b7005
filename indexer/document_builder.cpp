#include "indexer/document_builder.hpp"

#include "indexer/stage_times.hpp"
#include "indexer/stem_cache.hpp"
#include "schema/document_data.hpp"
#include "schema/schema.hpp"
#include "schema/text.hpp"
#include "schema/vocabulary.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>

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
    // The body's space-separated words folded (schema::fold_key), one after
    // the other in one buffer: word k is folded[ends[k-1], ends[k]).
    thread_local std::string folded;
    thread_local std::vector<size_t> ends;
    folded.clear();
    ends.clear();
    const std::string_view body(a.body);
    size_t start = 0;
    for (size_t i = 0; i <= body.size(); ++i) {
        if (i < body.size() && body[i] != ' ' && body[i] != '\n' && body[i] != '\t') continue;
        if (i > start) {
            schema::fold_key_into(body.substr(start, i - start), folded);
            ends.push_back(folded.size());
        }
        start = i + 1;
    }
    std::string title = schema::hash64_hex(schema::fold_key(a.title));
    if (ends.size() < 8) return title + schema::hash64_hex(a.body);
    // schema::hash64 (FNV-1a) of "w1 w2 w3 w4" and of that plus "\x01",
    // computed in place instead of on built strings.
    constexpr std::uint64_t kPrime = 1099511628211ULL;
    std::uint64_t min1 = UINT64_MAX, min2 = UINT64_MAX;
    for (size_t i = 0; i + 4 <= ends.size(); ++i) {
        std::uint64_t h = 1469598103934665603ULL;
        for (size_t k = i; k < i + 4; ++k) {
            if (k > i) h = (h ^ static_cast<unsigned char>(' ')) * kPrime;
            for (size_t b = k == 0 ? 0 : ends[k - 1]; b < ends[k]; ++b)
                h = (h ^ static_cast<unsigned char>(folded[b])) * kPrime;
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

const DocumentBuilder::WordInfo& DocumentBuilder::word_info(std::string_view word_view) {
    auto it = m_words.find(word_view);
    if (it != m_words.end()) return it->second;
    const std::string word(word_view);
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
    if (letters > 0 && length >= 3 && length <= 40) {
        auto [entry, added] = m_spelling_words.try_emplace(lower);
        if (added) entry->second.word = std::move(lower);
        info.spelling = &entry->second;
    }
    m_analyzer.extra_terms(word, info.extra);
    return m_words.emplace(word, std::move(info)).first->second;
}

template <typename Fn>
void DocumentBuilder::for_each_word(const std::string& text, Fn&& fn) {
    // A word is a run of word characters, each as schema::append_utf8
    // writes it: the bytes of the text itself while every character is
    // well-formed UTF-8 (Xapian's iterator reads a stray byte as the code
    // point of its value, which append_utf8 writes as two bytes).
    const char* const data = text.data();
    const size_t n = text.size();
    size_t i = 0, start = 0;
    bool as_is = true;  // the word's bytes are its characters' UTF-8
    std::string rebuilt;
    auto flush = [&](size_t end) {
        if (end == start) return;
        if (as_is) {
            fn(word_info(std::string_view(data + start, end - start)));
            return;
        }
        rebuilt.clear();
        for (Xapian::Utf8Iterator it(data + start, end - start), stop; it != stop; ++it)
            schema::append_utf8(rebuilt, *it);
        fn(word_info(rebuilt));
    };
    while (i < n) {
        const unsigned char c = static_cast<unsigned char>(data[i]);
        size_t next;
        bool word_char;
        if (c < 0x80) {  // ASCII: Xapian's word characters are letters, digits and '_'
            word_char = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            next = i + 1;
        } else {
            Xapian::Utf8Iterator it(data + i, n - i);
            const unsigned cp = *it;
            ++it;
            next = it == Xapian::Utf8Iterator() ? n : static_cast<size_t>(it.raw() - data);
            word_char = schema::is_word_char(cp);
            if (word_char) {
                char buf[4];
                const size_t written = cp < 0x80 ? 1 : Xapian::Unicode::nonascii_to_utf8(cp, buf);
                if (written != next - i) as_is = false;
            }
        }
        if (!word_char) {
            flush(i);
            start = next;
            as_is = true;
        }
        i = next;
    }
    flush(n);
}

BuiltDocument DocumentBuilder::build(const Article& a, const std::string& source_key) {
    using schema::FieldKind;
    BuiltDocument out;
    Xapian::Document& doc = out.doc;
    m_tg.set_document(doc);
    // Bounded memory: the word cache starts afresh between documents only,
    // so that its entries stay valid while a document is built.
    if (m_words.size() >= kWordCacheSize) {
        m_words.clear();
        m_spelling_words.clear();
    }
    const std::uint64_t serial = ++m_doc_serial;
    StageLap lap;

    for (const schema::Field& f : schema::fields()) {
        lap.to(Stage::DATA);
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
                lap.to(Stage::PREPARE);
                if (f.weight > 0) m_tg.index_text(text, f.weight);
                if (!prefix.empty() && f.prefix_positions) {
                    m_tg.increase_termpos(100);
                    m_tg.index_text(text, 1, prefix);
                } else if (!prefix.empty()) {
                    m_tg.index_text_without_positions(text, 1, prefix);
                }
                lap.to(Stage::TERMS);
                // Compound parts and feminine-plural bases: no positions (they
                // match words, not phrases).
                const bool spell = f.name != "author";
                for_each_word(text, [&](const WordInfo& w) {
                    for (const std::string& term : w.extra) {
                        if (f.weight > 0) doc.add_term(term, 1);
                        if (!prefix.empty()) doc.add_term(prefix + term, 1);
                    }
                    if (spell && w.spelling && w.spelling->doc != serial) {
                        w.spelling->doc = serial;
                        out.spelling.push_back(w.spelling->word);
                    }
                });
                m_tg.increase_termpos(100);  // no phrase spans two fields
                lap.to(Stage::WORDS);
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
    lap.to(Stage::DATA);
    doc.add_value(schema::slot(schema::Slot::DUPKEY), near_duplicate_key(a));
    lap.to(Stage::DUPKEY);

    // The file's size, mtime and hash live once per file in the metadata
    // (index_meta.hpp), not in each document.
    // The body after the JSON (schema/document_data.hpp); a body that is not
    // well-formed UTF-8 stays inside, where the JSON writer repairs it.
    const bool body_outside = schema::is_valid_utf8(a.body);
    const nlohmann::json data = to_json(a, !body_outside);
    std::string header = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    doc.set_data(body_outside ? schema::join_document_data(std::move(header), a.body) : header);
    lap.to(Stage::DATA);
    return out;
}

}  // namespace news::indexer
