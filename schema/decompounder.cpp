#include "schema/decompounder.hpp"

#include "schema/text.hpp"

#include <xapian.h>

#include <algorithm>
#include <fstream>

namespace news::schema {

namespace {

constexpr size_t kMinPart = 4;
constexpr size_t kMinWord = 8;

/// Prefixes of German derived words (verbs and their nouns).
bool has_derivation_prefix(const std::string& w) {
    for (std::string_view p : {"ver", "ge", "be", "er", "ent", "zer", "emp", "miss"})
        if (w.rfind(p, 0) == 0) return true;
    return false;
}

/// Derivational suffixes that are also nouns in the word lists ("Schaft"):
/// "Gewerkschaft" is not Gewerk + Schaft.
bool is_suffix_head(const std::string& head) {
    for (std::string_view s : {"schaft", "schaften", "heit", "heiten", "keit", "keiten", "ling", "linge", "chen",
                               "lein", "nisse", "tums", "halten"})
        if (head == s) return true;
    return false;
}

/// Byte offsets of each code point's start, plus the end.
std::vector<size_t> char_offsets(const std::string& s) {
    std::vector<size_t> out;
    for (size_t i = 0; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) out.push_back(i);
    out.push_back(s.size());
    return out;
}

size_t char_count(const std::string& s) { return char_offsets(s).size() - 1; }

bool is_capitalised(std::string_view w) { return starts_upper(w); }

/// Whether the sorted, '\n'-terminated block holds the line `w`: binary
/// search over byte positions, each probe widened to its line.
bool block_contains(std::string_view b, std::string_view w) {
    size_t lo = 0, hi = b.size();  // lo is a line start; the line searched for starts in [lo, hi)
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        size_t start = lo;
        if (mid > lo) {
            size_t nl = b.rfind('\n', mid - 1);
            if (nl != std::string::npos && nl + 1 > lo) start = nl + 1;
        }
        size_t end = b.find('\n', start);
        if (end == std::string::npos) end = b.size();
        int c = std::string_view(b.data() + start, end - start).compare(w);
        if (c == 0) return true;
        if (c < 0)
            lo = end + 1;
        else
            hi = start;
    }
    return false;
}

std::string sorted_block(const std::unordered_set<std::string>& set) {
    std::vector<std::string_view> v(set.begin(), set.end());
    std::sort(v.begin(), v.end());
    size_t bytes = 0;
    for (std::string_view w : v) bytes += w.size() + 1;
    std::string out;
    out.reserve(bytes);
    for (std::string_view w : v) out.append(w).push_back('\n');
    return out;
}

}  // namespace

Decompounder::Decompounder(const std::vector<std::string>& words) {
    for (const std::string& w : words) add(w);
}

void Decompounder::add(std::string_view word) {
    if (word.empty()) return;
    std::string lower = to_lower(word);
    if (is_capitalised(word)) m_nouns.insert(lower);
    m_words.insert(std::move(lower));
}

std::shared_ptr<const Decompounder> Decompounder::from_blocks(std::string words, std::string nouns) {
    auto d = std::make_shared<Decompounder>(std::vector<std::string>{});
    d->m_sorted = true;
    d->m_word_count = static_cast<size_t>(std::count(words.begin(), words.end(), '\n'));
    d->m_word_block = std::move(words);
    d->m_noun_block = std::move(nouns);
    d->m_word_view = d->m_word_block;
    d->m_noun_view = d->m_noun_block;
    return d;
}

std::shared_ptr<const Decompounder> Decompounder::from_mapped(std::string_view words, std::string_view nouns,
                                                              std::shared_ptr<const void> owner) {
    auto d = std::make_shared<Decompounder>(std::vector<std::string>{});
    d->m_sorted = true;
    d->m_word_count = static_cast<size_t>(std::count(words.begin(), words.end(), '\n'));
    d->m_word_view = words;
    d->m_noun_view = nouns;
    d->m_block_owner = std::move(owner);
    return d;
}

std::string Decompounder::word_block() const { return m_sorted ? std::string(m_word_view) : sorted_block(m_words); }

std::string Decompounder::noun_block() const { return m_sorted ? std::string(m_noun_view) : sorted_block(m_nouns); }

bool Decompounder::has_word(const std::string& lower) const {
    return m_sorted ? block_contains(m_word_view, lower) : m_words.count(lower) != 0;
}

bool Decompounder::is_noun(const std::string& lower) const {
    return m_sorted ? block_contains(m_noun_view, lower) : m_nouns.count(lower) != 0;
}

std::vector<std::string> Decompounder::default_paths() {
    return {"/usr/share/hunspell/de_DE.dic", "/usr/share/dict/ngerman"};
}

std::shared_ptr<const Decompounder> Decompounder::load(const std::vector<std::string>& paths) {
    auto d = std::make_shared<Decompounder>(std::vector<std::string>{});
    std::vector<std::pair<std::string, std::string>> umlaut_entries;  // hunspell word, flags
    for (const std::string& path : paths) {
        std::ifstream in(path);
        if (!in) continue;
        bool hunspell = path.size() > 4 && path.compare(path.size() - 4, 4, ".dic") == 0;
        std::string line;
        bool first = true;
        while (std::getline(in, line)) {
            if (hunspell && first) {  // the first line of a .dic file is the entry count
                first = false;
                continue;
            }
            while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
            std::string flags;
            if (hunspell) {
                size_t slash = line.find('/');
                if (slash != std::string::npos) flags = line.substr(slash + 1), line.resize(slash);
            }
            if (line.empty() || line[0] == '#' || !is_valid_utf8(line)) continue;
            if (line.find('\xC3') != std::string::npos)
                umlaut_entries.emplace_back(line, hunspell ? flags : std::string(UmlautFolds::kListedOnly));
            d->add(line);
        }
    }
    // A word hunspell lists has its flags there; wngerman's copy adds nothing.
    std::unordered_set<std::string> in_hunspell;
    for (const auto& [word, flags] : umlaut_entries)
        if (flags != UmlautFolds::kListedOnly) in_hunspell.insert(word);
    std::erase_if(umlaut_entries, [&](const auto& e) {
        return e.second == UmlautFolds::kListedOnly && in_hunspell.count(e.first) != 0;
    });
    d->m_folds = UmlautFolds::from_entries(umlaut_entries, d->m_words, d->m_nouns);
    return d;
}

bool Decompounder::is_modifier(const std::string& lower) const {
    if (has_word(lower)) return true;
    for (const char* tail : {"e", "n", "en"})
        if (has_word(lower + tail)) return true;
    return false;
}

std::vector<std::string> Decompounder::split_lower(const std::string& lower, int depth) const {
    if (depth > 3) return {};
    std::vector<size_t> at = char_offsets(lower);
    size_t chars = at.size() - 1;
    if (chars < 2 * kMinPart) return {};
    // A word the lists know as a whole that starts like a prefixed derivation
    // ("Verbraucher", "Generation") does not split off a 4-letter modifier
    // with that prefix: Verb + Raucher and Gene + Ration are not what it
    // means; Fach + Tagung and Arbeit + s + Markt are.
    const bool known_whole = has_word(lower);
    std::vector<std::string> best;
    // Longest modifier first: "Fachkräftesicherung" is Fachkräfte + Sicherung.
    for (size_t i = chars - kMinPart; i >= kMinPart; --i) {
        std::string modifier = lower.substr(0, at[i]);
        if (known_whole && i == kMinPart && has_derivation_prefix(modifier)) continue;
        if (!is_modifier(modifier)) continue;
        std::string rest = lower.substr(at[i]);
        for (std::string_view link : {"", "s", "es", "n", "en", "er", "e"}) {
            if (rest.compare(0, link.size(), link) != 0) continue;
            std::string head = rest.substr(link.size());
            if (char_count(head) < kMinPart || is_suffix_head(head)) continue;
            if (is_noun(head)) return {modifier, head};
            if (best.empty()) {
                std::vector<std::string> sub = split_lower(head, depth + 1);
                if (!sub.empty()) {
                    best = {modifier};
                    best.insert(best.end(), sub.begin(), sub.end());
                }
            }
        }
    }
    return best;
}

std::vector<std::string> Decompounder::split(std::string_view word) const {
    if (size() == 0) return {};
    std::string lower = to_lower(word);
    if (char_count(lower) < kMinWord) return {};
    return split_lower(lower, 0);
}

}  // namespace news::schema
