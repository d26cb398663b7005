#include "searcher/highlighter.hpp"

#include "schema/normaliser.hpp"
#include "schema/schema.hpp"
#include "schema/text.hpp"

#include <algorithm>

namespace news::searcher {

namespace {

struct Word {
    size_t begin, end;  // byte offsets
    bool match;
    std::string stem;
};

std::vector<Word> split_words(const std::string& text) {
    std::vector<Word> words;
    Xapian::Utf8Iterator it(text), end;
    while (it != end) {
        if (!Xapian::Unicode::is_wordchar(*it)) {
            ++it;
            continue;
        }
        size_t b = static_cast<size_t>(it.raw() - text.data());
        while (it != end && Xapian::Unicode::is_wordchar(*it)) ++it;
        size_t e = it == end ? text.size() : static_cast<size_t>(it.raw() - text.data());
        words.push_back({b, e, false, {}});
    }
    return words;
}

/// Back off to a character boundary of UTF-8.
size_t char_start(const std::string& s, size_t pos) {
    while (pos > 0 && pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
    return pos;
}

}  // namespace

std::string escape_html(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 16);
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

Highlighter::Highlighter(const Xapian::Query& query, std::vector<std::string> wildcard_prefixes)
    : m_wildcards(std::move(wildcard_prefixes)) {
    // Words of free-text fields only: filter terms (regions, topics, dates)
    // are not words of the text.
    std::unordered_set<std::string> text_prefixes;
    for (const schema::Field& f : schema::fields())
        if (f.kind == schema::FieldKind::TEXT) text_prefixes.emplace(f.prefix);
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
        std::string term = *t;
        size_t i = 0;
        while (i < term.size() && term[i] >= 'A' && term[i] <= 'Z') ++i;
        if (!text_prefixes.count(term.substr(0, i))) continue;
        if (i < term.size() && term[i] == ':') ++i;
        if (i < term.size()) m_terms.insert(term.substr(i));
    }
    for (const std::string& t : m_terms)
        if (t.size() >= 5) m_long_terms.push_back(t);
}

bool Highlighter::matches(const std::string& word) const { return match_stem(word, m_analyzer.term(word)); }

bool Highlighter::match_stem(const std::string& word, const std::string& stem) const {
    if (m_terms.count(stem)) return true;
    for (const std::string& w : m_wildcards)
        if (!w.empty() && stem.rfind(w, 0) == 0) return true;
    // A compound matched through one of its parts ("Fachkräfte" →
    // "Fachkräftesicherung"), or a feminine plural through its base: mark
    // the whole word as it stands.
    std::string base = schema::gender_base(word);
    if (!base.empty() && m_terms.count(m_analyzer.term(base))) return true;
    if (word.size() < 8) return false;
    std::string folded = schema::fold_like_stem(word);
    for (const std::string& t : m_long_terms)
        if (folded.size() > t.size() && folded.find(t) != std::string::npos) return true;
    return false;
}

std::string Highlighter::snippet(const std::string& text, size_t max_chars) const {
    if (text.empty()) return {};
    std::vector<Word> words = split_words(text);
    std::vector<size_t> hits;
    for (size_t i = 0; i < words.size(); ++i) {
        Word& w = words[i];
        std::string word = text.substr(w.begin, w.end - w.begin);
        std::string stem = m_analyzer.term(word);
        bool match = match_stem(word, stem);
        w.match = match;
        if (match) {
            w.stem = std::move(stem);
            hits.push_back(i);
        }
    }
    // Window with the most distinct matching stems; ties go to the earliest.
    size_t start = 0;
    if (!hits.empty()) {
        size_t best_distinct = 0;
        size_t best_start = words[hits[0]].begin;
        for (size_t h = 0; h < hits.size() && h < 200; ++h) {
            size_t ws = words[hits[h]].begin;
            std::unordered_set<std::string> distinct;
            for (size_t k = h; k < hits.size() && words[hits[k]].end <= ws + max_chars; ++k)
                distinct.insert(words[hits[k]].stem);
            if (distinct.size() > best_distinct) {
                best_distinct = distinct.size();
                best_start = ws;
            }
        }
        // Give the first match some context before it, from a word start.
        start = best_start > max_chars / 4 ? best_start - max_chars / 4 : 0;
        auto w = std::lower_bound(words.begin(), words.end(), start,
                                  [](const Word& x, size_t pos) { return x.begin < pos; });
        start = (start == 0 || w == words.end()) ? 0 : std::min(w->begin, best_start);
    }
    size_t stop = std::min(text.size(), start + max_chars);
    if (stop < text.size()) {
        // End at a word boundary.
        auto w = std::lower_bound(words.begin(), words.end(), stop,
                                  [](const Word& x, size_t pos) { return x.end <= pos; });
        if (w != words.end() && w->begin < stop) stop = w->begin;
        stop = char_start(text, stop);
    }
    std::string out;
    if (start > 0) out += "… ";
    size_t pos = start;
    for (const Word& w : words) {
        if (w.end <= start || !w.match) continue;
        if (w.begin >= stop) break;
        out += escape_html(text.substr(pos, w.begin - pos));
        out += "<mark>";
        out += escape_html(text.substr(w.begin, w.end - w.begin));
        out += "</mark>";
        pos = w.end;
    }
    out += escape_html(text.substr(pos, stop > pos ? stop - pos : 0));
    std::replace(out.begin(), out.end(), '\n', ' ');
    // collapse the "\n\n" paragraph breaks that became double spaces
    std::string collapsed;
    for (char c : out)
        if (!(c == ' ' && !collapsed.empty() && collapsed.back() == ' ')) collapsed += c;
    if (stop < text.size()) collapsed += " …";
    return schema::trim(collapsed);
}

}  // namespace news::searcher
