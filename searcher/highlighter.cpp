#include "searcher/highlighter.hpp"

#include "schema/schema.hpp"
#include "schema/text.hpp"

#include <algorithm>

namespace news::searcher {

namespace {

struct Word {
    size_t begin, end;  // byte offsets
    bool match;
    unsigned stem_id;   // of a matching word: its stem's number in the text
};

/// Whether the character at `it` is a word character, as Xapian's
/// tokenizer sees it. ASCII, most of a German text, without decoding:
/// there the word characters are exactly letters, digits and '_'.
bool is_wordchar(const Xapian::Utf8Iterator& it) {
    const auto c = static_cast<unsigned char>(*it.raw());
    if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    return Xapian::Unicode::is_wordchar(*it);
}

std::vector<Word> split_words(const std::string& text) {
    std::vector<Word> words;
    Xapian::Utf8Iterator it(text), end;
    while (it != end) {
        if (!is_wordchar(it)) {
            ++it;
            continue;
        }
        size_t b = static_cast<size_t>(it.raw() - text.data());
        while (it != end && is_wordchar(it)) ++it;
        size_t e = it == end ? text.size() : static_cast<size_t>(it.raw() - text.data());
        words.push_back({b, e, false, 0});
    }
    return words;
}

/// A word's first letter as its stem begins: lower case, umlauts folded
/// (german2 stems "Äpfel" to "apfel").
unsigned initial(unsigned cp) {
    cp = Xapian::Unicode::tolower(cp);
    switch (cp) {
        case 0xE4: return 'a';  // ä
        case 0xF6: return 'o';  // ö
        case 0xFC: return 'u';  // ü
        default: return cp;
    }
}

/// Words of this many bytes or more are also compared as folded compounds
/// (WordForms::folded).
constexpr size_t kCompoundBytes = 8;

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
    : m_own_terms(std::make_unique<TermCache>()), m_terms(m_own_terms.get()), m_wildcards(std::move(wildcard_prefixes)) {
    add_query_terms(query);
}

Highlighter::Highlighter(const Xapian::Query& query, std::vector<std::string> wildcard_prefixes, TermCache& terms)
    : m_terms(&terms), m_wildcards(std::move(wildcard_prefixes)) {
    add_query_terms(query);
}

void Highlighter::add_query_terms(const Xapian::Query& query) {
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
        if (i < term.size()) m_terms_set.insert(term.substr(i));
    }
    for (const std::string& t : m_terms_set)
        if (t.size() >= 5) m_long_terms.push_back(t);
    auto add_initial = [&](const std::string& t) {
        if (t.empty()) return;
        unsigned c = initial(*Xapian::Utf8Iterator(t));
        if (std::find(m_initials.begin(), m_initials.end(), c) == m_initials.end()) m_initials.push_back(c);
    };
    for (const std::string& t : m_terms_set) add_initial(t);
    for (const std::string& w : m_wildcards) add_initial(w);
}

bool Highlighter::matches(const std::string& word) const { return match_forms(m_terms->forms(word)); }

bool Highlighter::match_forms(const WordForms& word) const {
    if (m_terms_set.count(word.term)) return true;
    for (const std::string& w : m_wildcards)
        if (!w.empty() && word.term.rfind(w, 0) == 0) return true;
    // A compound matched through one of its parts ("Fachkräfte" →
    // "Fachkräftesicherung"), or a feminine plural through its base: mark
    // the whole word as it stands.
    if (!word.base_term.empty() && m_terms_set.count(word.base_term)) return true;
    if (word.folded.empty()) return false;
    for (const std::string& t : m_long_terms)
        if (word.folded.size() > t.size() && word.folded.find(t) != std::string::npos) return true;
    return false;
}

std::string Highlighter::snippet(const std::string& text, size_t max_chars) const {
    if (text.empty()) return {};
    std::vector<Word> words = split_words(text);
    std::vector<size_t> hits;
    std::vector<std::string> stems;  // distinct stems of the matching words; Word::stem_id indexes them
    for (size_t i = 0; i < words.size(); ++i) {
        Word& w = words[i];
        const std::string_view word = std::string_view(text).substr(w.begin, w.end - w.begin);
        if (word.size() < kCompoundBytes &&
            std::find(m_initials.begin(), m_initials.end(), initial(*Xapian::Utf8Iterator(word.data(), word.size()))) ==
                m_initials.end())
            continue;  // cannot match: no look-up
        const WordForms& forms = m_terms->forms(word);
        w.match = match_forms(forms);
        if (w.match) {
            auto found = std::find(stems.begin(), stems.end(), forms.term);
            w.stem_id = static_cast<unsigned>(found - stems.begin());
            if (found == stems.end()) stems.push_back(forms.term);
            hits.push_back(i);
        }
    }
    // Window with the most distinct matching stems; ties go to the earliest.
    size_t start = 0;
    if (!hits.empty()) {
        size_t best_distinct = 0;
        size_t best_start = words[hits[0]].begin;
        std::vector<unsigned> seen(stems.size(), 0);  // window number that last saw each stem
        for (size_t h = 0; h < hits.size() && h < 200; ++h) {
            size_t ws = words[hits[h]].begin;
            size_t distinct = 0;
            const auto window = static_cast<unsigned>(h + 1);
            for (size_t k = h; k < hits.size() && words[hits[k]].end <= ws + max_chars; ++k) {
                unsigned& last = seen[words[hits[k]].stem_id];
                if (last != window) last = window, ++distinct;
            }
            if (distinct > best_distinct) {
                best_distinct = distinct;
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
